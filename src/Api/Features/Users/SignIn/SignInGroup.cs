using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn;

/// <summary>Sign-in and sessions of both realms (contract §6): <c>/api/v1/auth</c>; <see cref="AccountRealms"/> picks the realm.</summary>
internal sealed class SignInGroup : Group
{
    public SignInGroup() => Configure("auth", ep => ep.Description(b => b.WithTags("Sign-in")));
}

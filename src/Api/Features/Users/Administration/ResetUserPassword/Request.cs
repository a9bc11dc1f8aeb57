using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.ResetUserPassword;

public sealed class Request
{
    public string Id { get; init; } = "";
    public string NewPassword { get; init; } = "";

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.NewPassword).ValidNewPassword();
    }
}

using WorkspaceOrganizer.Api.Features.Users.SignIn;

namespace WorkspaceOrganizer.Api.Features.Users;

public static class UsersExtensions
{
    /// <summary>What the Users slices share at run time: the realms sign-in acts in.</summary>
    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AccountRealms>();
        return builder;
    }
}

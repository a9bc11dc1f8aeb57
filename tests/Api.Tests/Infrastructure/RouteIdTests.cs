using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

public sealed class RouteIdTests
{
    [Fact]
    public void A_well_formed_id_is_used_in_its_canonical_form_whatever_its_case() =>
        Assert.Equal("0192f1a4-7c3e-7d2a-9b1c-2e4f6a8b0c1d", RouteId.Canonical("0192F1A4-7C3E-7D2A-9B1C-2E4F6A8B0C1D", "user"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("0192f1a47c3e7d2a9b1c2e4f6a8b0c1d")]
    [InlineData("{0192f1a4-7c3e-7d2a-9b1c-2e4f6a8b0c1d}")]
    public void A_malformed_id_is_a_404_naming_the_resource_like_an_unknown_one(string? raw)
    {
        var e = Assert.Throws<ApiException>(() => RouteId.Parse(raw, "role"));

        Assert.Equal(404, e.Status);
        Assert.Equal(ErrorCodes.NotFound, e.Code);
        Assert.Contains("role", e.Message, StringComparison.Ordinal);
    }
}

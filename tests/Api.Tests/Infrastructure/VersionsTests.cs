using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>Contract §2 preconditions: which If-Match values and body versions let an update of version 3 through.</summary>
public sealed class VersionsTests
{
    [Theory]
    [InlineData(null, null, true)]
    [InlineData("", null, true)]
    [InlineData("\"3\"", null, true)]
    [InlineData("*", null, true)]
    [InlineData("\"1\", \"3\"", null, true)]
    [InlineData("\"3\"", 3, true)]
    [InlineData(null, 3, true)]
    [InlineData("\"2\"", null, false)]
    [InlineData("W/\"3\"", null, false)]
    [InlineData("\"03x\"", null, false)]
    [InlineData("\"-3\"", null, false)]
    [InlineData("garbage", null, false)]
    [InlineData("3", null, false)]
    [InlineData(null, 2, false)]
    [InlineData("\"3\"", 2, false)]
    [InlineData("*", 2, false)]
    public void A_precondition_holds_only_for_the_current_version(string? ifMatch, int? bodyVersion, bool holds) =>
        Assert.Equal(holds, Versions.Match(ifMatch, bodyVersion, 3));

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("*", true)]
    [InlineData("\"3\"", true)]
    [InlineData("W/\"3\"", true)]
    [InlineData("\"1\", W/\"2\" ,\"3\"", true)]
    [InlineData("3", false)]
    [InlineData("\"3", false)]
    [InlineData("\"3\" \"4\"", false)]
    public void If_Match_is_well_formed_only_as_RFC_9110_writes_it(string? ifMatch, bool wellFormed) =>
        Assert.Equal(wellFormed, Versions.IsWellFormed(ifMatch));

    [Fact]
    public void The_ETag_is_the_version_as_a_strong_tag() => Assert.Equal("\"3\"", Versions.ETag(3));
}

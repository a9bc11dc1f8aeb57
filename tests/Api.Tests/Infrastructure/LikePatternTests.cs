using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

public sealed class LikePatternTests
{
    [Theory]
    [InlineData("web", "%web%")]
    [InlineData("  web site ", "%web site%")]
    [InlineData("100%", @"%100\%%")]
    [InlineData("a_b", @"%a\_b%")]
    [InlineData(@"C:\src", @"%C:\\src%")]
    [InlineData(@"\%_", @"%\\\%\_%")]
    public void Wildcards_and_the_escape_character_are_taken_literally(string search, string pattern) =>
        Assert.Equal(pattern, LikePattern.Contains(search));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_absent_or_blank_search_is_no_filter(string? search) => Assert.Null(LikePattern.Contains(search));
}

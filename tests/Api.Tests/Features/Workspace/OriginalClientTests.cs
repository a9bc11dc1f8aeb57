using System.Net;
using Dapper;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Workspace.WorkspaceTestData;

namespace WorkspaceOrganizer.Api.Tests.Features.Workspace;

/// <summary>
/// What the original React web client sends for workspaces and their projects, and what it reads back (contract §14).
/// Each test quotes the client file whose request it repeats.
/// </summary>
public sealed class OriginalClientTests
{
    const string PersonalProjects = "/api/v1/personal-projects";

    /// <summary>The ECMAScript date-time form, the one every browser's <c>new Date(…)</c> parses.</summary>
    static readonly Regex EcmaDateTime = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$");

    // The row the client's Projects screens render for a project (apps/web/src/pages/projects-page.tsx, ProjectRow, and
    // features/workspaces/components/workspace-linked-projects-tab.tsx): STATUS_CONFIG[project.status].icon must exist,
    // project.tags.length is read, title/description/folderPath/workspaceId are shown.
    static readonly string[] ClientStatuses = ["active", "completed", "on_hold", "archived"];

    static void AssertRendersAsPersonalProject(JsonNode project, string workspaceId, string title, string folderPath)
    {
        Assert.Equal(title, (string?)project["title"]);
        Assert.Equal(folderPath, (string?)project["folderPath"]);
        Assert.Equal(workspaceId, (string?)project["workspaceId"]);
        Assert.Contains((string?)project["status"], ClientStatuses);
        Assert.Empty(project["tags"]!.AsArray());
        Assert.False(string.IsNullOrEmpty((string?)project["id"]));
    }

    [Fact]
    public async Task The_linked_projects_tab_lists_the_workspaces_projects_as_items()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var other = await client.CreateWorkspace("/srv/other");
        await client.CreateProject(workspace.Id(), "web", "Web", "frontend");
        await client.CreateProject(workspace.Id(), "api", "API");
        await client.CreateProject(other.Id(), "elsewhere");

        // features/workspaces/components/workspace-linked-projects-tab.tsx: personalProjectsApi.list({ workspaceId }),
        // which features/journal/api/journal.ts sends as GET /api/v1/personal-projects?workspaceId=…; it reads response.items.
        var list = await (await client.GetAsync($"{PersonalProjects}?workspaceId={workspace.Id()}")).ShouldBe(HttpStatusCode.OK);

        var items = list["items"]!.AsArray();
        Assert.Equal(["api", "web"], items.Select(i => (string)i!["relativePath"]!));
        AssertRendersAsPersonalProject(items[0]!, workspace.Id(), "API", "api");
        AssertRendersAsPersonalProject(items[1]!, workspace.Id(), "Web", "web");
        Assert.Equal("frontend", (string?)items[1]!["description"]);
        // No start or due date: the client shows "-" for an absent one (formatDate(undefined)), never "Invalid Date".
        Assert.All(items, i => Assert.Null(i!["startDate"]));
        Assert.Equal(2, (int)list["meta"]!["total"]!);
    }

    [Fact]
    public async Task The_projects_page_filtered_by_workspace_and_status_gets_the_same_list()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        await client.CreateProject(workspace.Id(), "web", "Web");

        // pages/projects-page.tsx: usePersonalProjectsList({ workspaceId: workspaceFilter, status }) — journal.ts joins the
        // statuses with commas. Every project here is active, so a list naming active matches it.
        var list = await (await client.GetAsync($"{PersonalProjects}?workspaceId={workspace.Id()}&status=active,on_hold")).ShouldBe(HttpStatusCode.OK);

        AssertRendersAsPersonalProject(Assert.Single(list["items"]!.AsArray())!, workspace.Id(), "Web", "web");
    }

    [Fact]
    public async Task The_project_form_creates_a_project_of_the_workspace()
    {
        var clock = NewClock();
        using var api = new ApiFactory(clock: clock);
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");

        // pages/projects-page.tsx, ProjectFormDialog.handleSave: JSON.stringify drops the undefined members, so a new
        // project with a folder and a workspace is sent as exactly this (status defaults to 'active').
        var response = await client.PostJson(PersonalProjects, new
        {
            title = "Q1 Financial Reports",
            description = "Quarter close",
            status = "active",
            folderPath = "reports/q1",
            workspaceId = workspace.Id(),
        });

        var project = (await response.ShouldBe(HttpStatusCode.Created))["project"]!;
        AssertRendersAsPersonalProject(project, workspace.Id(), "Q1 Financial Reports", "reports/q1");
        Assert.Equal($"/api/v1/workspaces/{workspace.Id()}/projects/{project.Id()}", response.Headers.Location?.OriginalString);
        var row = (await api.ReadProject(project.Id()))!;
        Assert.Equal((workspace.Id(), "Q1 Financial Reports", "reports/q1", "Quarter close"), (row.WorkspaceId, row.Name, row.RelativePath, row.Description));
        Assert.Equal(clock.GetUtcNow(), Instant((await api.ReadWorkspace(workspace.Id()))!.UpdatedAt));
        // The hook then invalidates the list and the page lists it again.
        var list = await (await client.GetAsync($"{PersonalProjects}?workspaceId={workspace.Id()}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(project.Id(), (string?)Assert.Single(list["items"]!.AsArray())!["id"]);
    }

    [Fact]
    public async Task The_contracts_names_win_over_the_clients_when_both_are_sent()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var other = await client.CreateWorkspace("/srv/other");

        var viaAlias = await (await client.PostJson(PersonalProjects, new
        {
            name = "Contract name", title = "Client title", relativePath = "contract/path", folderPath = "client/path", workspaceId = workspace.Id(),
        })).ShouldBe(HttpStatusCode.Created);
        // On the contract route the route's id names the workspace, whatever workspaceId says.
        var viaRoute = await (await client.PostJson($"{Url}/{workspace.Id()}/projects", new { name = "Routed", relativePath = "routed", workspaceId = other.Id() }))
            .ShouldBe(HttpStatusCode.Created);
        var listed = await (await client.GetAsync($"{Url}/{workspace.Id()}/projects?workspaceId={other.Id()}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(("Contract name", "contract/path"), ((string?)viaAlias["project"]!["name"], (string?)viaAlias["project"]!["relativePath"]));
        Assert.Equal(workspace.Id(), (string?)viaRoute["project"]!["workspaceId"]);
        Assert.Equal(["contract/path", "routed"], listed["items"]!.AsArray().Select(i => (string)i!["relativePath"]!));
    }

    [Fact]
    public async Task A_list_without_a_workspace_is_every_project_of_the_callers_workspaces_and_a_create_needs_one()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var alpha = await client.CreateWorkspace("/srv/alpha");
        var beta = await client.CreateWorkspace("/srv/beta");
        await client.CreateProject(alpha.Id(), "api");
        await client.CreateProject(beta.Id(), "web");
        var theirs = await api.InsertForeignWorkspace("/srv/theirs");
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={api.DatabaseFile}"))
            await db.ExecuteAsync("""
                INSERT INTO projects (id, workspace_id, name, relative_path, created_at, updated_at)
                VALUES ('0190c7a1-e8f0-7c4d-a3b2-c1d0e9f8a7b6', @Id, 'Theirs', 'theirs', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')
                """, new { Id = theirs });

        // hooks/use-file-mention.ts, the dashboard and "All Workspaces" on pages/projects-page.tsx send no workspaceId,
        // some with status=active.
        var all = await (await client.GetAsync(PersonalProjects)).ShouldBe(HttpStatusCode.OK);
        var active = await (await client.GetAsync($"{PersonalProjects}?status=active")).ShouldBe(HttpStatusCode.OK);
        var completed = await (await client.GetAsync($"{PersonalProjects}?status=completed")).ShouldBe(HttpStatusCode.OK);
        var blank = await (await client.GetAsync($"{PersonalProjects}?workspaceId=")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["api", "web"], all["items"]!.AsArray().Select(i => (string?)i!["folderPath"]).Order());
        Assert.Equal(2, (int)all["meta"]!["total"]!);
        Assert.Equal(2, (int)active["meta"]!["total"]!);
        Assert.Empty(completed["items"]!.AsArray());
        Assert.Equal(2, (int)blank["meta"]!["total"]!);
        // ProjectFormDialog with "No Workspace" selected leaves workspaceId undefined: a project needs its workspace.
        var created = await (await client.PostJson(PersonalProjects, new { title = "Loose", status = "active", folderPath = "loose" }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["workspaceId"], created["errors"]!.AsArray().Select(e => (string?)e!["field"]));
        Assert.Equal(3, await api.CountRows("projects"));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("0190c7a1-e8f0-7c4d-a3b2-c1d0e9f8a7b6")]
    public async Task Unknown_and_malformed_workspace_ids_are_not_found_as_on_the_contract_route(string id)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        await (await client.GetAsync($"{PersonalProjects}?workspaceId={id}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.PostJson(PersonalProjects, new { title = "P", status = "active", folderPath = "p", workspaceId = id }))
            .ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.Equal(0, await api.CountRows("projects"));
    }

    [Fact]
    public async Task Another_accounts_workspace_is_not_found_through_the_alias()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var theirs = await api.InsertForeignWorkspace("/srv/theirs");
        await api.InsertProjectDirectly(theirs, "secret");

        var listed = await (await client.GetAsync($"{PersonalProjects}?workspaceId={theirs}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.PostJson(PersonalProjects, new { title = "Plant", status = "active", folderPath = "plant", workspaceId = theirs }))
            .ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.DoesNotContain("secret", listed.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, await api.CountRows("projects"));
    }

    [Fact]
    public async Task A_project_created_without_a_folder_lives_in_a_folder_named_after_its_title()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");

        // pages/projects-page.tsx sends folderPath: folderPath.trim() || undefined — no member when the field is empty.
        var created = await (await client.PostJson(PersonalProjects, new { title = "Quarterly close", status = "active", workspaceId = workspace.Id() }))
            .ShouldBe(HttpStatusCode.Created);

        Assert.Equal(("Quarterly close", "Quarterly close"), ((string?)created["project"]!["title"], (string?)created["project"]!["relativePath"]));
        var listed = await (await client.GetAsync($"{PersonalProjects}?workspaceId={workspace.Id()}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["Quarterly close"], listed["items"]!.AsArray().Select(i => (string)i!["title"]!));
        // The contract route still needs its relativePath.
        await (await client.PostJson($"{Url}/{workspace.Id()}/projects", new { name = "No path" })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task The_folder_the_client_offers_must_stay_inside_the_workspace_and_the_error_names_folderPath()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");

        // The form's placeholder suggests an absolute folder ("C:/Projects/MyProject"); a project here is a folder inside
        // its workspace (§11), so the path rules apply to folderPath as to relativePath.
        var absolute = await (await client.PostJson(PersonalProjects, new { title = "Abs", status = "active", folderPath = "C:/Projects/MyProject", workspaceId = workspace.Id() }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        // Without a folder the form sends no folderPath at all: the title names the folder, under the same rules.
        var badTitle = await (await client.PostJson(PersonalProjects, new { title = "../escape", status = "active", workspaceId = workspace.Id() }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var untitled = await (await client.PostJson(PersonalProjects, new { title = "  ", status = "active", folderPath = "x", workspaceId = workspace.Id() }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal(["folderPath"], absolute["errors"]!.AsArray().Select(e => (string?)e!["field"]));
        Assert.Equal(["title"], badTitle["errors"]!.AsArray().Select(e => (string?)e!["field"]));
        Assert.Equal(["title"], untitled["errors"]!.AsArray().Select(e => (string?)e!["field"]));
        Assert.Equal(0, await api.CountRows("projects"));
    }

    [Fact]
    public async Task Without_a_token_the_alias_is_unauthorized_and_nothing_is_created()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var anonymous = api.CreateClient();

        await (await anonymous.GetAsync($"{PersonalProjects}?workspaceId={workspace.Id()}")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await anonymous.PostJson(PersonalProjects, new { title = "P", status = "active", folderPath = "p", workspaceId = workspace.Id() }))
            .ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        Assert.Equal(0, await api.CountRows("projects"));
    }

    [Fact]
    public async Task The_workspace_screen_reads_the_projects_list_as_projects()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        // features/workspaces/api/workspaces.ts, createWorkspaceProject: POST /api/v1/workspaces/{id}/projects {name, relativePath, description?}.
        var created = (await (await client.PostJson($"{Url}/{workspace.Id()}/projects", new { name = "Web", relativePath = "web" }))
            .ShouldBe(HttpStatusCode.Created))["project"]!;

        // features/workspaces/hooks/use-project-management.ts: fetchWorkspaceProjects(workspaceId) → response?.projects || [].
        var list = await (await client.GetAsync($"{Url}/{workspace.Id()}/projects")).ShouldBe(HttpStatusCode.OK);

        var project = Assert.Single(list["projects"]!.AsArray())!;
        Assert.Equal(list["items"]!.ToJsonString(), list["projects"]!.ToJsonString());
        // project-selector / workspace-project-tab / project-dialog read id, name, relativePath, description.
        Assert.Equal((created.Id(), "Web", "web"), ((string?)project["id"], (string?)project["name"], (string?)project["relativePath"]));
        Assert.Matches(EcmaDateTime, (string?)project["createdAt"]);
        Assert.Matches(EcmaDateTime, (string?)project["updatedAt"]);
    }

    [Fact]
    public async Task Workspace_summaries_and_details_carry_templateCount_and_a_null_lastIndexedAt()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");

        // contexts/workspace-context.tsx: fetchWorkspaceList(1, 100) → payload.items; pages/workspace-detail-page.tsx hands
        // one of them to features/workspaces/components/workspace-overview-tab.tsx, which shows workspace.templateCount and
        // formats new Date(workspace.lastIndexedAt) twice ("Last indexed", and "Created").
        var summary = (await (await client.GetAsync($"{Url}?page=1&pageSize=100")).ShouldBe(HttpStatusCode.OK))["items"]![0]!.AsObject();
        // features/workspaces/api/workspaces.ts, fetchWorkspaceDetail: GET /api/v1/workspaces/{id} → response.workspace.
        var detail = (await (await client.GetAsync($"{Url}/{workspace.Id()}")).ShouldBe(HttpStatusCode.OK))["workspace"]!.AsObject();

        foreach (var w in new[] { summary, detail })
        {
            Assert.Equal(0, (int)w["templateCount"]!);
            // Present and null, never absent: new Date(null) is a valid date, new Date(undefined) is "Invalid Date".
            Assert.True(w.TryGetPropertyValue("lastIndexedAt", out var lastIndexedAt));
            Assert.Null(lastIndexedAt);
            Assert.Matches(EcmaDateTime, (string?)w["createdAt"]);
            Assert.Matches(EcmaDateTime, (string?)w["updatedAt"]);
        }
    }
}

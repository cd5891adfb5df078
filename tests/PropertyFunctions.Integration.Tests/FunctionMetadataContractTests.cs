using System.Reflection;
using PropertyFunctions.LocalHost;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// The functions.metadata the Worker SDK generates at build is what the Functions host reads in Azure.
/// This pins every Function's name, trigger, route, queue and schedule to what the contract intends.
/// </summary>
public class FunctionMetadataContractTests
{
    private static readonly IReadOnlyList<FunctionMetadata> Functions =
        FunctionCatalog.Read(Path.Combine(AppContext.BaseDirectory, FunctionCatalog.FileName));

    public static TheoryData<string, string, string?, string?> Http => new()
    {
        { "SubmitTicket", "post", "tickets", "Anonymous" },
        { "GetTicket", "get", "tickets/{id}", "Anonymous" },
        { "StaffMe", "get", "staff/me", "Anonymous" },
        { "Health", "get", "health", "Anonymous" },
        { "PutRoster", "put", "staff/roster", "Anonymous" },
        { "GetRoster", "get", "staff/roster", "Anonymous" },
        { "TicketFeedback", "post", "tickets/{id}/feedback", "Anonymous" },
        { "TicketEscalation", "post", "tickets/{id}/escalations", "Anonymous" },
        { "TicketPhotoUpload", "post", "tickets/{id}/photos", "Anonymous" },
        { "TicketPhotoAttach", "post", "tickets/{id}/photos/{number}/attach", "Anonymous" },
        { "ListStaffTickets", "get", "staff/tickets", "Anonymous" },
        { "GetStaffTicket", "get", "staff/tickets/{id}", "Anonymous" },
        { "StaffTicketAction", "post", "staff/tickets/{id}/actions", "Anonymous" },
        { "PutOwners", "put", "staff/owners", "Anonymous" },
        { "GetUnit", "get", "staff/units", "Anonymous" },
        { "PutFees", "put", "staff/fees", "Anonymous" },
        { "GetFees", "get", "staff/fees", "Anonymous" },
        { "CreateNotice", "post", "staff/notices", "Anonymous" },
        { "UpdateNotice", "put", "staff/notices/{id}", "Anonymous" },
        { "WithdrawNotice", "post", "staff/notices/{id}/withdraw", "Anonymous" },
        { "ListStaffNotices", "get", "staff/notices", "Anonymous" },
        { "GetStaffNotice", "get", "staff/notices/{id}", "Anonymous" },
        { "ListNotices", "get", "notices", "Anonymous" },
        { "CreateEvent", "post", "staff/events", "Anonymous" },
        { "GetEventSignup", "get", "event-signups/{code}", "Anonymous" },
        { "CancelEventSignup", "post", "event-signups/{code}/cancel", "Anonymous" },
        { "ListEvents", "get", "events", "Anonymous" },
        { "SignUpForEvent", "post", "events/{id}/signups", "Anonymous" },
        { "ListEventSignups", "get", "staff/events/{id}/signups", "Anonymous" },
        { "StaffReports", "get", "staff/reports", "Anonymous" },
        { "StaffConsole", "get", "console/{*path}", "Anonymous" },
        { "OpenLink", "get", "links/{code}", "Anonymous" },
        { "GetTask", "get", "tasks/{code}", "Anonymous" },
        { "TaskAction", "post", "tasks/{code}/actions", "Anonymous" },
        { "TaskPhotoUpload", "post", "tasks/{code}/photos", "Anonymous" },
        { "TaskPhotoAttach", "post", "tasks/{code}/photos/{number}/attach", "Anonymous" },
        { "UnansweredEmergencies", "get", "staff/emergencies", "Anonymous" },
        { "GetCommunity", "get", "communities/{community}", "Anonymous" },
        { "ListCommunities", "get", "staff/communities", "Anonymous" },
        { "GetStaffCommunity", "get", "staff/communities/{community}", "Anonymous" },
        { "PutStaffCommunity", "put", "staff/communities/{community}", "Anonymous" },
        { "CreateStaffTicket", "post", "staff/tickets", "Anonymous" },
        { "FindCallers", "get", "staff/callers", "Anonymous" },
        { "GetDuty", "get", "staff/duty", "Anonymous" },
        { "TicketReopenForPerson", "post", "tickets/{id}/reopen", "Anonymous" },
        { "GetCommunityFaq", "get", "communities/{community}/faq/{language}", "Anonymous" },
        { "GetStaffCommunityFaq", "get", "staff/communities/{community}/faq/{language}", "Anonymous" },
        { "PutStaffCommunityFaq", "put", "staff/communities/{community}/faq/{language}", "Anonymous" },
        { "PrivacyExport", "post", "staff/privacy/export", "Anonymous" },
        { "PrivacyErase", "post", "staff/privacy/erase", "Anonymous" },
        { "RequestOwnerCode", "post", "owner/codes", "Anonymous" },
        { "CreateOwnerSession", "post", "owner/sessions", "Anonymous" },
        { "DeleteOwnerSession", "delete", "owner/sessions", "Anonymous" },
        { "GetOwnerHome", "get", "owner/home", "Anonymous" },
        { "CreateOwnerFeeReply", "post", "owner/fee-replies", "Anonymous" },
        { "GetOwnerPreferences", "get", "owner/preferences", "Anonymous" },
        { "PutOwnerPreferences", "put", "owner/preferences", "Anonymous" },
        { "ListOwnerEvents", "get", "owner/events", "Anonymous" },
        { "OwnerEventSignup", "post", "owner/events/{id}/signups", "Anonymous" },
        { "OwnerEventCancel", "delete", "owner/events/{id}/signups", "Anonymous" },
        // Aliyun cannot send a function key; the random secret in the path authenticates its pushes.
        { "AliyunSmsUp", "post", "sms/aliyun/{secret}/up", "Anonymous" },
        { "AliyunSmsReport", "post", "sms/aliyun/{secret}/report", "Anonymous" },
    };

    [Theory]
    [MemberData(nameof(Http))]
    public void Http_functions_have_the_contract_routes(string name, string method, string? route, string? authLevel)
    {
        var trigger = Functions.Single(f => f.Name == name).Trigger;
        Assert.Equal("httpTrigger", trigger.Type);
        Assert.Equal([method], trigger.Methods!);
        Assert.Equal(route, trigger.Route);
        Assert.Equal(authLevel, trigger.AuthLevel);
    }

    [Theory]
    [InlineData("RouteTicket", "ticket-route")]
    [InlineData("SendSms", "sms-send")]
    [InlineData("SmsSendPoison", "sms-send-poison")]
    [InlineData("NoticeFanout", "notice-fanout")]
    [InlineData("SmsEvents", "sms-events")]
    [InlineData("TicketRoutePoison", "ticket-route-poison")]
    [InlineData("NoticeFanoutPoison", "notice-fanout-poison")]
    [InlineData("SmsEventsPoison", "sms-events-poison")]
    [InlineData("IssueOwnerCode", "owner-codes")]
    [InlineData("OwnerCodesPoison", "owner-codes-poison")]
    public void Queue_functions_listen_on_the_contract_queues(string name, string queue)
    {
        var trigger = Functions.Single(f => f.Name == name).Trigger;
        Assert.Equal("queueTrigger", trigger.Type);
        Assert.Equal(queue, trigger.QueueName);
    }

    [Fact]
    public void Every_work_queue_has_a_poison_handler() =>
        // Nothing may sit in a -poison queue unseen: each one's handler records and counts what lands there.
        Assert.All(PropertyFunctions.Azure.Storage.StorageNames.Queues, queue =>
            Assert.Single(Functions, f => f.Trigger.Type == "queueTrigger" && f.Trigger.QueueName == queue + "-poison"));

    [Theory]
    [InlineData("ServiceLevelWatch", "0 */5 * * * *")]
    [InlineData("SatisfactionCallbacks", "0 5 * * * *")]
    [InlineData("FeeReminders", "0 0 * * * *")]
    [InlineData("EventReminders", "0 0 * * * *")]
    [InlineData("NoticeOutboxSweep", "30 */5 * * * *")]
    [InlineData("PhotoUploadSweep", "0 20 * * * *")]
    [InlineData("Retention", "0 30 19 * * *")]
    public void Timer_functions_have_their_schedules(string name, string schedule)
    {
        var trigger = Functions.Single(f => f.Name == name).Trigger;
        Assert.Equal("timerTrigger", trigger.Type);
        Assert.Equal(schedule, trigger.Schedule);
        Assert.NotNull(TimerScheduler.Parse(schedule));
    }

    /// <summary>Security by default: a staff route without a declared role would be anonymous. The pipeline checks the role before the Function runs.</summary>
    [Fact]
    public void Every_staff_route_declares_the_staff_role_it_needs()
    {
        var staffRoutes = typeof(PropertyFunctions.Api.Http.HttpPipeline).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<Microsoft.Azure.Functions.Worker.HttpTriggerAttribute>())
                .FirstOrDefault(a => a is not null)))
            .Where(x => x.Trigger?.Route?.StartsWith("staff/", StringComparison.Ordinal) == true)
            .ToList();
        Assert.True(staffRoutes.Count > 20);
        Assert.All(staffRoutes, x => Assert.True(x.Method.GetCustomAttribute<PropertyFunctions.Api.Http.StaffRoleAttribute>() is not null,
            $"{x.Method.DeclaringType!.Name}.{x.Method.Name} ({x.Trigger!.Route}) has no [StaffRole]"));
    }

    [Fact]
    public void Every_function_is_pinned_by_this_test() =>
        Assert.Equal(["AliyunSmsReport", "AliyunSmsUp", "CancelEventSignup", "CreateEvent", "CreateNotice", "CreateOwnerFeeReply", "CreateOwnerSession",
            "CreateStaffTicket", "DeleteOwnerSession", "EventReminders", "FeeReminders", "FindCallers", "GetCommunity", "GetCommunityFaq", "GetDuty",
            "GetEventSignup", "GetFees", "GetOwnerHome", "GetOwnerPreferences", "GetRoster", "GetStaffCommunity", "GetStaffCommunityFaq", "GetStaffNotice",
            "GetStaffTicket", "GetTask", "GetTicket", "GetUnit", "Health", "IssueOwnerCode", "ListCommunities", "ListEvents", "ListEventSignups", "ListNotices",
            "ListOwnerEvents", "ListStaffNotices", "ListStaffTickets", "NoticeFanout", "NoticeFanoutPoison", "NoticeOutboxSweep", "OpenLink", "OwnerCodesPoison",
            "OwnerEventCancel", "OwnerEventSignup", "PhotoUploadSweep", "PrivacyErase", "PrivacyExport", "PutFees", "PutOwnerPreferences", "PutOwners",
            "PutRoster", "PutStaffCommunity", "PutStaffCommunityFaq", "RequestOwnerCode", "Retention", "RouteTicket", "SatisfactionCallbacks", "SendSms",
            "ServiceLevelWatch", "SignUpForEvent", "SmsEvents", "SmsEventsPoison", "SmsSendPoison", "StaffConsole", "StaffMe", "StaffReports",
            "StaffTicketAction", "SubmitTicket", "TaskAction", "TaskPhotoAttach", "TaskPhotoUpload", "TicketEscalation", "TicketFeedback", "TicketPhotoAttach",
            "TicketPhotoUpload", "TicketReopenForPerson", "TicketRoutePoison", "UnansweredEmergencies", "UpdateNotice", "WithdrawNotice"],
            Functions.Select(f => f.Name).Order());

    [Fact]
    public void No_function_needs_a_function_key()
    {
        // Inbound SMS arrive through a queue, so no Event Grid webhook (and no shared host key) exists.
        Assert.All(Functions.Where(f => f.Trigger.Type == "httpTrigger"), f => Assert.Equal("Anonymous", f.Trigger.AuthLevel));
    }

    [Fact]
    public void The_local_host_can_bind_every_function()
    {
        foreach (var function in FunctionCatalog.Load(AppContext.BaseDirectory))
        {
            FunctionInvoker.EnsureBindable(function);
        }
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Azure.Sms;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Events;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Home;
using PropertyFunctions.Core.Intake;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Notices;
using PropertyFunctions.Core.Privacy;
using PropertyFunctions.Core.Replies;
using PropertyFunctions.Core.Reports;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Routing;
using PropertyFunctions.Core.Tickets;
using PropertyFunctions.Core.Watch;

namespace PropertyFunctions.Api.Startup;

/// <summary>
/// The one place services are registered. The Function app's Program and the local host both call
/// this, so both run the same objects.
/// </summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddPropertyFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        var desk = new DeskOptions();
        configuration.GetSection(DeskOptions.Section).Bind(desk);
        var problems = desk.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("PropertyFunctions cannot start:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(desk);
        services.AddSingleton(new TicketToken(desk.TokenKeyBytes()));
        services.AddSingleton(new TicketLinks(desk.TokenKeyBytes()));
        services.AddSingleton(new PersonalHash(desk.TokenKeyBytes()));
        services.AddSingleton<ILinkStore, TableLinkStore>();
        services.AddSingleton<IPageWindows, TablePageWindows>();
        services.AddSingleton<SmsComposer>();
        services.AddSingleton<TicketSms>();
        services.AddSingleton(Classifier.Default);
        services.AddSingleton(sp => new StorageClients(configuration, sp.GetService<global::Azure.Core.Pipeline.HttpPipelinePolicy>()));
        services.AddSingleton<TableTicketStore>();
        services.AddSingleton<ITicketStore>(sp => sp.GetRequiredService<TableTicketStore>());
        services.AddSingleton<IReportSource>(sp => sp.GetRequiredService<TableTicketStore>());
        services.AddSingleton<IRateLimiter, TableRateLimiter>();
        services.AddSingleton<QueueWorkQueue>();
        services.AddSingleton<IRouteQueue>(sp => sp.GetRequiredService<QueueWorkQueue>());
        services.AddSingleton<ISmsQueue>(sp => sp.GetRequiredService<QueueWorkQueue>());
        services.AddSingleton<INoticeQueue>(sp => sp.GetRequiredService<QueueWorkQueue>());
        services.AddSingleton<IOwnerCodeQueue>(sp => sp.GetRequiredService<QueueWorkQueue>());
        services.AddSingleton<ISmsLog, TableSmsLog>();
        services.AddSingleton<IRosterStore, TableRosterStore>();
        services.AddSingleton<IResidentDirectory, TableResidentDirectory>();
        services.AddSingleton<IOptOuts, TableOptOuts>();
        services.AddSmsProvider(configuration, SmsCatalogue.Keys);
        services.AddSingleton<IFeeLedger, TableFeeLedger>();
        services.AddSingleton<IRunCheckpoints, TableCheckpoints>();
        services.AddSingleton<FeeReminderRun>();
        services.AddSingleton<SmsGate>();
        services.AddSingleton<ISmsBudgetAlarm, SmsBudgetAlarm>();
        services.AddSingleton<SmsSender>();
        services.AddSingleton<SmsOutbox>();
        services.AddSingleton<InboundSms>();
        services.AddSingleton<ICommunityStore, TableCommunityStore>();
        services.AddSingleton<CommunityDirectory>();
        services.AddSingleton<CommunityFaqs>();
        services.AddSingleton<SupervisorAlerts>();
        services.AddSingleton<TicketMerge>();
        services.AddSingleton<StaffActions>();
        services.AddSingleton<OwnerActions>();
        services.AddSingleton<StaffTicketQueries>();
        services.AddSingleton<PropertyFunctions.Core.StaffConsole.UnitRecords>();
        services.AddSingleton<FieldTasks>();
        services.AddSingleton<EmergencyLadder>();
        services.AddSingleton<ServiceLevelWatcher>();
        var levels = new ServiceLevels();
        configuration.GetSection("Desk:ServiceLevels").Bind(levels);
        services.AddSingleton(levels);
        services.AddSingleton<TicketIntake>();
        services.AddSingleton<NoticeAnswers>();
        services.AddSingleton<CallerLookup>();
        services.AddSingleton<DutyBoard>();
        services.AddSingleton<OwnerTickets>();
        services.AddSingleton(new OwnerSessionTokens(desk.OwnerSessionKeyBytes()));
        services.AddSingleton<IOwnerSignIns, TableOwnerSignIns>();
        services.AddSingleton<OwnerSignIn>();
        services.AddSingleton<OwnerHomeDesk>();
        services.AddSingleton<HomeEvents>();
        services.AddSingleton<FeeReplies>();
        services.AddSingleton<OwnerPreferencesDesk>();
        services.AddSingleton<OwnerSessionCookie>();
        services.AddSingleton<IPhotoStore, BlobPhotoStore>();
        services.AddSingleton<TicketPhotos>();
        services.AddSingleton<PhotoUploadSweep>();
        services.AddSingleton<TicketRouter>();
        services.AddSingleton<UnroutedSweep>();
        services.AddSingleton<StaffAuth>();
        services.AddSingleton<HttpPipeline>();
        services.AddSingleton(sp => new StaffConsole(Path.Combine(AppContext.BaseDirectory, StaffConsole.OutputFolder),
            sp.GetRequiredService<StorageClients>().Blobs.Uri));
        services.AddSingleton<INoticeStore, TableNoticeStore>();
        services.AddSingleton<NoticeDesk>();
        services.AddSingleton<NoticeBroadcaster>();
        services.AddSingleton<NoticeOutboxSweep>();
        services.AddSingleton<IEventStore, TableEventStore>();
        services.AddSingleton<EventDesk>();
        services.AddSingleton<EventReminders>();
        services.AddSingleton<ReportDesk>();
        services.AddSingleton<StorageProbe>();
        services.AddSingleton<TablePrivacyStore>();
        services.AddSingleton<IRetentionStore>(sp => sp.GetRequiredService<TablePrivacyStore>());
        services.AddSingleton<IPersonalDataStore>(sp => sp.GetRequiredService<TablePrivacyStore>());
        services.AddSingleton<IPrivacyAudit>(sp => sp.GetRequiredService<TablePrivacyStore>());
        services.AddSingleton<RetentionRun>();
        services.AddSingleton<PrivacyDesk>();
        services.AddDeskTelemetry(configuration);
        services.AddHostedService<StorageBootstrap>();
        return services;
    }
}

/// <summary>
/// Creates the tables and queues at start-up (in Azure they already exist; locally Azurite starts empty) and the communities
/// of Desk:Communities that do not exist yet.
/// </summary>
internal sealed class StorageBootstrap(StorageClients storage, CommunityDirectory communities, DeskOptions desk, ILogger<StorageBootstrap> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await storage.EnsureCreatedAsync(cancellationToken);
            foreach (var slug in desk.SeedCommunities())
            {
                await communities.EnsureAsync(slug, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not fatal: requests fail with 503 and queue work is retried until storage answers.
            logger.LogError(ex, "Could not create the storage tables and queues");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using System.Diagnostics.Metrics;

namespace PropertyFunctions.Core.Common;

/// <summary>
/// The desk's operational metrics, on <see cref="DeskTelemetry.Meter"/>. Names and tags are a contract: the alerts and
/// the workbook in infra/modules/alerts.bicep query them by name, and docs/operations.md lists them. Tags are codes with
/// few values (kind, channel, provider, catalogue key, error code, queue, community); never a phone, name or SMS text.
/// Durations are in seconds.
/// </summary>
public static class DeskMetrics
{
    public const string TicketsReceivedName = "propertyfunctions.tickets.received";
    public const string DispatchDurationName = "propertyfunctions.tickets.dispatch.duration";
    public const string AcceptDurationName = "propertyfunctions.tickets.accept.duration";
    public const string SmsSentName = "propertyfunctions.sms.sent";
    public const string SmsFailedName = "propertyfunctions.sms.failed";
    public const string SmsRetriedName = "propertyfunctions.sms.retried";
    public const string ServiceLevelBreachesName = "propertyfunctions.service_level.breaches";
    public const string EmergenciesUnansweredName = "propertyfunctions.emergencies.unanswered";
    public const string MessagesPoisonedName = "propertyfunctions.queue.poisoned";
    public const string BudgetBreakerTripsName = "propertyfunctions.sms.budget_breaker.trips";
    public const string WatchDurationName = "propertyfunctions.watch.duration";
    public const string FeeReminderUnitsName = "propertyfunctions.fee_reminders.units";
    public const string FeeReminderSentName = "propertyfunctions.fee_reminders.sent";
    public const string FeeReminderDurationName = "propertyfunctions.fee_reminders.duration";
    public const string NoticeHouseholdsName = "propertyfunctions.notices.households";
    public const string NoticePageDurationName = "propertyfunctions.notices.page.duration";

    public const string KindTag = "ticket.kind";
    public const string ChannelTag = "ticket.channel";
    public const string EmergencyTag = "ticket.emergency";
    public const string DepartmentTag = "ticket.department";
    public const string CommunityTag = "community";
    public const string ProviderTag = "sms.provider";
    /// <summary>The SMS catalogue key (<c>ack_open</c>, <c>dispatch</c>, <c>fee_reminder</c>…): a bounded set, unlike the SMS log's purposes.</summary>
    public const string PurposeTag = "sms.purpose";
    public const string ErrorCodeTag = "sms.error.code";
    public const string ErrorKindTag = "sms.error.kind";
    public const string StepTag = "step";
    public const string QueueTag = "queue";
    public const string WatchTag = "watch";
    public const string ResultTag = "result";
    public const string OutcomeTag = "outcome";

    private static readonly Meter Meter = DeskTelemetry.Meter;

    private static readonly Counter<long> TicketsReceived = Meter.CreateCounter<long>(TicketsReceivedName, "{ticket}",
        "Tickets stored, by kind, channel and emergency.");
    private static readonly Histogram<double> DispatchDuration = Meter.CreateHistogram<double>(DispatchDurationName, "s",
        "From a ticket's submission to its first dispatch by SMS (out-of-hours work waits for opening time).");
    private static readonly Histogram<double> AcceptDuration = Meter.CreateHistogram<double>(AcceptDurationName, "s",
        "From a ticket's dispatch to its first acceptance.");
    private static readonly Counter<long> SmsSent = Meter.CreateCounter<long>(SmsSentName, "{sms}",
        "SMS the provider accepted, by provider and purpose.");
    private static readonly Counter<long> SmsFailed = Meter.CreateCounter<long>(SmsFailedName, "{sms}",
        "SMS given up for good (refused, or out of attempts), by provider, purpose, error code and kind.");
    private static readonly Counter<long> SmsRetried = Meter.CreateCounter<long>(SmsRetriedName, "{sms}",
        "SMS attempts that will be retried (throttled, provider down, timeout), by provider, purpose, error code and kind.");
    private static readonly Counter<long> ServiceLevelBreaches = Meter.CreateCounter<long>(ServiceLevelBreachesName, "{ticket}",
        "Service-level alerts raised by the watch, by step and emergency.");
    private static readonly Counter<long> EmergenciesUnanswered = Meter.CreateCounter<long>(EmergenciesUnansweredName, "{ticket}",
        "Emergencies still unaccepted when the emergency ladder paged its last level (the manager), by community: someone must phone the site.");
    private static readonly Counter<long> MessagesPoisoned = Meter.CreateCounter<long>(MessagesPoisonedName, "{message}",
        "Queue messages that failed every attempt and were moved to <queue>-poison, by queue.");
    private static readonly Counter<long> BudgetBreakerTrips = Meter.CreateCounter<long>(BudgetBreakerTripsName, "{trip}",
        "Times a community's SMS budget breaker tripped (owner SMS held), by community.");
    private static readonly Histogram<double> WatchDuration = Meter.CreateHistogram<double>(WatchDurationName, "s",
        "One run of a service-level timer (its count is the number of runs), by watch.");
    private static readonly Counter<long> FeeReminderUnits = Meter.CreateCounter<long>(FeeReminderUnitsName, "{unit}",
        "Units a FeeReminders run went through.");
    private static readonly Counter<long> FeeReminderSent = Meter.CreateCounter<long>(FeeReminderSentName, "{sms}",
        "Fee reminders queued.");
    private static readonly Histogram<double> FeeReminderDuration = Meter.CreateHistogram<double>(FeeReminderDurationName, "s",
        "One FeeReminders run, by result (completed, stopped-limit, stopped-quiet-hours, quiet-hours, busy).");
    private static readonly Counter<long> NoticeHouseholds = Meter.CreateCounter<long>(NoticeHouseholdsName, "{household}",
        "Households a notice broadcast page went through, by outcome (queued: an SMS is on sms-send; skipped: nobody to text).");
    private static readonly Histogram<double> NoticePageDuration = Meter.CreateHistogram<double>(NoticePageDurationName, "s",
        "One notice broadcast page (up to 500 households).");

    public static void TicketReceived(string kind, string channel, bool emergency) =>
        TicketsReceived.Add(1, new(KindTag, kind), new(ChannelTag, channel), new(EmergencyTag, emergency));

    public static void TicketDispatched(TimeSpan sinceSubmission, bool emergency, string? department) =>
        DispatchDuration.Record(Seconds(sinceSubmission), new(EmergencyTag, emergency), new(DepartmentTag, department ?? "none"));

    public static void TicketAccepted(TimeSpan sinceDispatch, bool emergency, string? department) =>
        AcceptDuration.Record(Seconds(sinceDispatch), new(EmergencyTag, emergency), new(DepartmentTag, department ?? "none"));

    public static void SmsSentBy(string provider, string purpose) =>
        SmsSent.Add(1, new(ProviderTag, provider), new(PurposeTag, purpose));

    public static void SmsFailedBy(string provider, string purpose, string errorCode, string errorKind) =>
        SmsFailed.Add(1, new(ProviderTag, provider), new(PurposeTag, purpose), new(ErrorCodeTag, errorCode), new(ErrorKindTag, errorKind));

    public static void SmsRetriedBy(string provider, string purpose, string errorCode, string errorKind) =>
        SmsRetried.Add(1, new(ProviderTag, provider), new(PurposeTag, purpose), new(ErrorCodeTag, errorCode), new(ErrorKindTag, errorKind));

    /// <param name="step">The watch's step in snake case: <c>remind_department</c>, <c>escalate_accept</c>, <c>escalate_resolve</c>.</param>
    public static void ServiceLevelBreach(string step, bool emergency) =>
        ServiceLevelBreaches.Add(1, new(StepTag, step), new(EmergencyTag, emergency));

    public static void EmergencyUnanswered(string community) => EmergenciesUnanswered.Add(1, new KeyValuePair<string, object?>(CommunityTag, community));

    /// <param name="queue">The work queue's name without <c>-poison</c>: <c>ticket-route</c>, <c>sms-send</c>, <c>notice-fanout</c>, <c>sms-events</c>.</param>
    public static void MessagePoisoned(string queue) => MessagesPoisoned.Add(1, new KeyValuePair<string, object?>(QueueTag, queue));

    /// <summary>Call once when a community's SMS budget breaker trips (not for every SMS it then holds).</summary>
    public static void BudgetBreakerTripped(string community) => BudgetBreakerTrips.Add(1, new KeyValuePair<string, object?>(CommunityTag, community));

    public static void WatchRan(string watch, TimeSpan duration) => WatchDuration.Record(Seconds(duration), new KeyValuePair<string, object?>(WatchTag, watch));

    public static void FeeRemindersRan(string result, int units, int sent, TimeSpan duration)
    {
        FeeReminderUnits.Add(units);
        FeeReminderSent.Add(sent);
        FeeReminderDuration.Record(Seconds(duration), new KeyValuePair<string, object?>(ResultTag, result));
    }

    public static void NoticePageRan(int queued, int skipped, TimeSpan duration)
    {
        NoticeHouseholds.Add(queued, new KeyValuePair<string, object?>(OutcomeTag, "queued"));
        NoticeHouseholds.Add(skipped, new KeyValuePair<string, object?>(OutcomeTag, "skipped"));
        NoticePageDuration.Record(Seconds(duration));
    }

    private static double Seconds(TimeSpan duration) => Math.Max(0, duration.TotalSeconds);
}

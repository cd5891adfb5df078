namespace PropertyFunctions.Core.Messaging;

/// <summary>What a template variable holds; a mainland provider checks each kind against its own rules.</summary>
public enum VariableKind
{
    /// <summary>A ticket, notice or event id such as 261128-K7QF.</summary>
    Id,
    Name,
    Address,
    /// <summary>A time, date or duration as people read it ("09:00", "12月3日09:00", "30分钟").</summary>
    Time,
    Phone,
    Number,
    /// <summary>The code of a short link: the template holds the link's fixed part, the variable only the code.</summary>
    LinkCode,
    /// <summary>Free text (an owner's description, a notice's body): always shortened to fit, never part of the template.</summary>
    ShortText,
}

/// <summary>
/// Who an SMS is for, which decides the sender's checks (<see cref="SmsGate"/>): staff work is sent whatever happens;
/// owner SMS count against the community's hourly budget and honour opt-outs; broadcasts (notices, fee and event
/// reminders, paced by their own runs) honour opt-outs unless they are safety notices.
/// </summary>
public enum SmsAudience
{
    Owner,
    Staff,
    Broadcast,
}

public static class SmsTemplateTypes
{
    public const string Notification = "notification";
    public const string Verification = "verification";
}

public sealed record SmsVariable(string Name, VariableKind Kind, int MaxLength);

/// <summary>
/// One SMS the desk sends, declared once. <see cref="Zh"/> and <see cref="En"/> hold <c>${name}</c> placeholders for the
/// variables and <c>{site}</c> for the desk's public address (Desk:PublicBaseUrl), which is fixed text to a provider: a
/// mainland template is approved with the company's own domain in it. The signature (【…】) is not part of the text.
/// </summary>
/// <param name="Fill">The short-text variable that is shortened until the message fits <paramref name="MaxSegments"/>.</param>
/// <param name="OptOutExempt">Sent even to a phone that opted out: the confirmation of the opt-out itself.</param>
public sealed record SmsTemplate(string Key, string Type, IReadOnlyList<SmsVariable> Variables, string Zh, string En,
    int MaxSegments = 1, string? Fill = null, SmsAudience Audience = SmsAudience.Owner, bool OptOutExempt = false)
{
    public string Text(string language) => language == Common.Language.English ? En : Zh;
}

/// <summary>
/// Every SMS the desk sends, as data: the one place to read what an SMS says. Keys are valid in app-setting names
/// (Sms__Aliyun__Templates__&lt;key&gt; maps each to the approved template code). Mainland notification variables hold at
/// most 35 characters; owner text only ever travels in a <see cref="VariableKind.ShortText"/> variable.
/// Lengths are budgeted so an owner update and a dispatch fit one billed segment (70 characters, signature included).
/// </summary>
public static class SmsCatalogue
{
    private static SmsVariable V(string name, VariableKind kind, int max) => new(name, kind, max);

    private static readonly SmsVariable TicketId = V("id", VariableKind.Id, 11);
    private static readonly SmsVariable Code = V("code", VariableKind.LinkCode, 10);
    private static readonly SmsVariable Phone = V("phone", VariableKind.Phone, 20);

    public static readonly SmsTemplate AckOpen = new("ack_open", SmsTemplateTypes.Notification, [TicketId, Code],
        "已收到报事${id}，将尽快安排。进度：{site}/t/${code}",
        "We have ${id}: {site}/t/${code}");

    public static readonly SmsTemplate AckClosed = new("ack_closed", SmsTemplateTypes.Notification,
        [TicketId, V("opens", VariableKind.Time, 5), Code],
        "报事${id}已收到，${opens}上班后安排：{site}/t/${code}",
        "${id}: we open ${opens}. {site}/t/${code}");

    public static readonly SmsTemplate AckEmergency = new("ack_emergency", SmsTemplateTypes.Notification, [TicketId, Phone, Code],
        "紧急报事${id}已收到，值班人员正赶来，请同时拨打${phone}。进度：{site}/t/${code}",
        "URGENT ${id} received, staff on the way. Also call ${phone}. {site}/t/${code}", MaxSegments: 2);

    /// <summary>Stored and shown to staff, but no one on duty: the owner is not told anyone is coming.</summary>
    public static readonly SmsTemplate AckWaiting = new("ack_waiting", SmsTemplateTypes.Notification, [TicketId, Code],
        "报事${id}已收到，客服将联系您：{site}/t/${code}",
        "Got ${id}, will call: {site}/t/${code}");

    private static readonly SmsVariable Cause = V("cause", VariableKind.ShortText, 20);

    /// <summary>
    /// An inquiry or complaint about an outage that an active notice covers: answered at once with the notice's cause and
    /// expected restoration, nobody paged. The link is where the owner says their case is different.
    /// </summary>
    public static readonly SmsTemplate AckNotice = new("ack_notice", SmsTemplateTypes.Notification,
        [TicketId, Cause, V("until", VariableKind.Time, 12), Code],
        "${id}：${cause}，预计${until}恢复，无需再报。情况不同请点{site}/t/${code}",
        "${id}: ${cause}, back by ${until}. Different problem? {site}/t/${code}", MaxSegments: 2, Fill: "cause");

    /// <summary>As <see cref="AckNotice"/>, for a notice without an expected end.</summary>
    public static readonly SmsTemplate AckNoticeOpen = new("ack_notice_open", SmsTemplateTypes.Notification, [TicketId, Cause, Code],
        "${id}：${cause}，恢复时间另行通知，无需再报。情况不同请点{site}/t/${code}",
        "${id}: ${cause}; we will say when it is back. Different problem? {site}/t/${code}", MaxSegments: 2, Fill: "cause");

    private static readonly SmsVariable AnsweredTitle = V("title", VariableKind.ShortText, 20);

    /// <summary>To an owner a notice answered, once per update of that notice.</summary>
    public static readonly SmsTemplate NoticeAnswerUpdate = new("notice_answer_update", SmsTemplateTypes.Notification,
        [AnsweredTitle, V("text", VariableKind.ShortText, 35), Code],
        "您问过的“${title}”有更新：${text} {site}/t/${code}",
        "Update on \"${title}\": ${text} {site}/t/${code}", MaxSegments: 2, Fill: "text");

    /// <summary>To an owner a notice answered, when the notice is withdrawn: their question may need a person after all.</summary>
    public static readonly SmsTemplate NoticeAnswerWithdrawn = new("notice_answer_withdrawn", SmsTemplateTypes.Notification, [AnsweredTitle, Code],
        "您问过的“${title}”通知已撤回。如问题仍在，请点{site}/t/${code}转人工。",
        "The notice \"${title}\" was withdrawn. Still a problem? {site}/t/${code}", MaxSegments: 2, Fill: "title");

    /// <summary>
    /// To staff, in one segment: where, what, and the task page, where they accept and see everything else (the id, the owner's
    /// name and phone, photos). The description is shortened to fit. A bare "JD" reply accepts it too.
    /// </summary>
    public static readonly SmsTemplate Dispatch = new("dispatch", SmsTemplateTypes.Notification,
        [V("address", VariableKind.Address, 16), V("text", VariableKind.ShortText, 35), Code],
        "${address}：${text} 回JD接单 {site}/w/${code}",
        "${address}: ${text} Reply JD {site}/w/${code}", Fill: "text", Audience: SmsAudience.Staff);

    public static readonly SmsTemplate DispatchUrgent = new("dispatch_urgent", SmsTemplateTypes.Notification,
        [V("address", VariableKind.Address, 16), V("text", VariableKind.ShortText, 35), Code],
        "急！${address}：${text} 回JD接单 {site}/w/${code}",
        "URGENT ${address}:${text} JD {site}/w/${code}", Fill: "text", Audience: SmsAudience.Staff);

    public static readonly SmsTemplate Taken = new("taken", SmsTemplateTypes.Notification, [TicketId, V("name", VariableKind.Name, 10)],
        "工单${id}已由${name}接单，您无需处理。",
        "${id} was taken by ${name}; no action needed.", Audience: SmsAudience.Staff);

    public static readonly SmsTemplate Accepted = new("accepted", SmsTemplateTypes.Notification,
        [V("department", VariableKind.Name, 14), V("name", VariableKind.Name, 10), TicketId, V("eta", VariableKind.Time, 8)],
        "${department}${name}已接单${id}，预计${eta}内到达。",
        "${name} (${department}) took ${id}, ETA ${eta}.");

    /// <summary>To the owner when the person on the job sets off (the task page's 出发), with the arrival they expect.</summary>
    public static readonly SmsTemplate OnMyWay = new("on_my_way", SmsTemplateTypes.Notification,
        [V("name", VariableKind.Name, 10), TicketId, V("eta", VariableKind.Time, 8)],
        "${name}已出发处理${id}，预计${eta}内到达。",
        "${name} is on the way for ${id}, there within ${eta}.");

    public static readonly SmsTemplate Resolved = new("resolved", SmsTemplateTypes.Notification, [TicketId, Code],
        "${id}已处理完毕，请回复1-5评价：{site}/t/${code}",
        "${id} done. Rate 1-5: {site}/t/${code}");

    /// <summary>The satisfaction callback (回访), once, when a resolved ticket has no rating after a day.</summary>
    public static readonly SmsTemplate Callback = new("callback", SmsTemplateTypes.Notification, [TicketId, Code],
        "回访：${id}您满意吗？请回复1-5分：{site}/t/${code}",
        "Rate ${id} 1-5: {site}/t/${code}");

    /// <summary>To the owner of a duplicate: the link is their own ticket's, which shows the merged work's progress.</summary>
    public static readonly SmsTemplate Merged = new("merged", SmsTemplateTypes.Notification, [TicketId, V("into", VariableKind.Id, 11), Code],
        "报事${id}与${into}为同一事项，已合并处理：{site}/t/${code}",
        "${id} is the same matter as ${into}; we follow it there: {site}/t/${code}", MaxSegments: 2);

    /// <summary>To the duty supervisor: a ticket needs them (escalation, low score, missed service level).</summary>
    public static readonly SmsTemplate SupervisorAlert = new("supervisor_alert", SmsTemplateTypes.Notification,
        [TicketId, V("department", VariableKind.Name, 10), V("address", VariableKind.Address, 20), V("reason", VariableKind.ShortText, 35)],
        "【升级】${id} ${department} ${address}：${reason}，请跟进。",
        "ESCALATED ${id} ${department} ${address}: ${reason}. Please follow up.", MaxSegments: 2, Fill: "reason", Audience: SmsAudience.Staff);

    /// <summary>To the staff a ticket was dispatched to, when nobody has accepted it within the target.</summary>
    public static readonly SmsTemplate AcceptReminder = new("accept_reminder", SmsTemplateTypes.Notification, [TicketId, Code],
        "提醒：${id}仍未接单，请尽快处理：{site}/w/${code}",
        "REMINDER ${id} is not accepted yet: {site}/w/${code}", MaxSegments: 2, Audience: SmsAudience.Staff);

    /// <summary>To the duty supervisor, once an hour at most: the community's owner-SMS budget is spent (see SmsGate).</summary>
    public static readonly SmsTemplate BudgetTripped = new("budget_tripped", SmsTemplateTypes.Notification,
        [V("community", VariableKind.Name, 20), V("limit", VariableKind.Number, 6)],
        "提醒：${community}本小时业主短信已达${limit}条上限，其余暂停发送，请查看工作台是否有异常报事。",
        "ALERT ${community}: owner SMS cap ${limit}/h reached; more are held. Check the console.",
        MaxSegments: 2, Audience: SmsAudience.Staff);

    /// <summary>To the on-call staff: emergencies in one building after its last page, gathered into one page (see the abuse policy).</summary>
    public static readonly SmsTemplate EmergencyBatch = new("emergency_batch", SmsTemplateTypes.Notification,
        [V("building", VariableKind.Address, 12), V("count", VariableKind.Number, 4), V("ids", VariableKind.ShortText, 35)],
        "急！${building}另有${count}宗紧急报事：${ids}，请在工作台处理。",
        "URGENT ${building}: ${count} more emergencies: ${ids}. See the console.", MaxSegments: 2, Fill: "ids", Audience: SmsAudience.Staff);

    public static readonly SmsTemplate Help = new("help", SmsTemplateTypes.Notification, [],
        "员工回复JD接最新派单、WC完工（可加工单号）；业主回复1-5评价，回复TD退订。",
        "Staff: reply JD to accept your latest job, WC when done (a ticket id may follow). Owners: 1-5 rates, TD unsubscribes.", MaxSegments: 2);

    public static readonly SmsTemplate OptedOut = new("opted_out", SmsTemplateTypes.Notification, [],
        "已退订，本物业不再给您发短信（停水停电等安全通知除外），进度可在报事链接查看。",
        "Unsubscribed: no more SMS from us except safety notices. Follow your requests by their links.", MaxSegments: 2, OptOutExempt: true);

    private static readonly SmsVariable FeeAddress = V("address", VariableKind.Address, 20);
    private static readonly SmsVariable FeeItems = V("items", VariableKind.ShortText, 35);
    private static readonly SmsVariable PayBy = V("payby", VariableKind.ShortText, 35);

    public static readonly SmsTemplate FeeUpcoming = new("fee_upcoming", SmsTemplateTypes.Notification,
        [FeeAddress, FeeItems, V("due", VariableKind.Time, 10), PayBy],
        "您好，温馨提醒：${address}，${items}，${due}到期。缴费方式：${payby}。如已缴请忽略，谢谢！回TD退订",
        "Reminder for ${address}: ${items}, due ${due}. Pay: ${payby}. If paid, please ignore. Reply STOP to opt out",
        MaxSegments: 3, Audience: SmsAudience.Broadcast);

    public static readonly SmsTemplate FeeOverdue = new("fee_overdue", SmsTemplateTypes.Notification,
        [FeeAddress, FeeItems, V("days", VariableKind.Number, 4), PayBy],
        "您好，温馨提醒：${address}，${items}，已逾期${days}天。缴费方式：${payby}。如已缴请忽略，谢谢！回TD退订",
        "Reminder for ${address}: ${items}, ${days} days overdue. Pay: ${payby}. If paid, please ignore. Reply STOP to opt out",
        MaxSegments: 3, Audience: SmsAudience.Broadcast);

    private static readonly SmsVariable NoticeTitle = V("title", VariableKind.ShortText, 20);
    private static readonly SmsVariable NoticeKind = V("kind", VariableKind.Name, 10);

    /// <summary>Water, power, gas, lift or works: what, when, where, and as much of the notice as fits two segments.</summary>
    public static readonly SmsTemplate NoticeOutage = new("notice_outage", SmsTemplateTypes.Notification,
        [NoticeKind, NoticeTitle, V("when", VariableKind.Time, 25), V("where", VariableKind.Address, 20), V("body", VariableKind.ShortText, 35)],
        "${kind}通知：${title}。${when}，${where}。${body}",
        "${kind}: ${title}. ${when}, ${where}. ${body}", MaxSegments: 2, Fill: "body", Audience: SmsAudience.Broadcast);

    public static readonly SmsTemplate NoticeGeneral = new("notice_general", SmsTemplateTypes.Notification,
        [NoticeTitle, V("when", VariableKind.Time, 25), V("where", VariableKind.Address, 20), V("body", VariableKind.ShortText, 35)],
        "通知：${title}。${when}，${where}。${body}",
        "Notice: ${title}. ${when}, ${where}. ${body}", MaxSegments: 2, Fill: "body", Audience: SmsAudience.Broadcast);

    public static readonly SmsTemplate NoticeUpdate = new("notice_update", SmsTemplateTypes.Notification,
        [NoticeKind, NoticeTitle, V("text", VariableKind.ShortText, 35)],
        "${kind}通知更新（${title}）：${text}",
        "${kind} update, ${title}: ${text}", MaxSegments: 2, Fill: "text", Audience: SmsAudience.Broadcast);

    private static readonly SmsVariable EventTitle = V("title", VariableKind.ShortText, 20);
    private static readonly SmsVariable EventStart = V("start", VariableKind.Time, 15);
    private static readonly SmsVariable EventPlace = V("place", VariableKind.Address, 20);

    /// <summary>A place (also for someone promoted from the waiting list); the link lets only this phone cancel it.</summary>
    public static readonly SmsTemplate EventConfirmed = new("event_confirmed", SmsTemplateTypes.Notification,
        [EventTitle, V("people", VariableKind.Number, 2), EventStart, EventPlace, Code],
        "您已报名“${title}”（${people}人），${start}在${place}。不能来请取消：{site}/e/${code}",
        "Signed up for \"${title}\" (${people}): ${start} at ${place}. Cancel: {site}/e/${code}", MaxSegments: 2);

    public static readonly SmsTemplate EventWaiting = new("event_waiting", SmsTemplateTypes.Notification,
        [EventTitle, V("position", VariableKind.Number, 5), Code],
        "“${title}”名额已满，您是候补第${position}位，有空位时短信通知。退出：{site}/e/${code}",
        "\"${title}\" is full; you are no. ${position} on the waiting list. Leave: {site}/e/${code}", MaxSegments: 2);

    /// <summary>Places and waiting list both full: the sign-up is not taken (the web answer is the same for everyone).</summary>
    public static readonly SmsTemplate EventFull = new("event_full", SmsTemplateTypes.Notification, [EventTitle],
        "“${title}”名额和候补均已满，未能为您登记，敬请谅解。",
        "\"${title}\" and its waiting list are full; you are not signed up.", MaxSegments: 2);

    public static readonly SmsTemplate EventReminder = new("event_reminder", SmsTemplateTypes.Notification, [EventTitle, EventStart, EventPlace],
        "温馨提醒：“${title}”将于明天${start}在${place}举行，期待您参加。",
        "Reminder: \"${title}\" is tomorrow, ${start} at ${place}.", MaxSegments: 2, Audience: SmsAudience.Broadcast);

    /// <summary>
    /// The owner's sign-in code for their home page (a verification template). Sent only to a phone on a unit's records, even
    /// one that opted out (they sign in to opt back in); it still counts against the community's hourly budget.
    /// </summary>
    public static readonly SmsTemplate OwnerCode = new("owner_code", SmsTemplateTypes.Verification, [V("code", VariableKind.Number, 6)],
        "您的登录验证码为${code}，5分钟内有效。如非本人操作，请忽略。",
        "Sign-in code ${code}, valid 5 min. Not you? Ignore it.", OptOutExempt: true);

    public static readonly IReadOnlyList<SmsTemplate> All =
    [
        AckOpen, AckClosed, AckEmergency, AckWaiting, AckNotice, AckNoticeOpen, NoticeAnswerUpdate, NoticeAnswerWithdrawn, Dispatch, DispatchUrgent,
        Taken, Accepted, OnMyWay, Resolved, Callback, Merged, SupervisorAlert, AcceptReminder, BudgetTripped, EmergencyBatch, Help, OptedOut, FeeUpcoming,
        FeeOverdue, NoticeOutage, NoticeGeneral, NoticeUpdate,
        EventConfirmed, EventWaiting, EventFull, EventReminder, OwnerCode,
    ];

    private static readonly Dictionary<string, SmsTemplate> ByKey = All.ToDictionary(t => t.Key);

    public static SmsTemplate Get(string key) =>
        ByKey.TryGetValue(key, out var template) ? template : throw new KeyNotFoundException($"No SMS template '{key}'.");

    public static bool TryGet(string key, out SmsTemplate template) => ByKey.TryGetValue(key, out template!);

    public static IEnumerable<string> Keys => All.Select(t => t.Key);
}

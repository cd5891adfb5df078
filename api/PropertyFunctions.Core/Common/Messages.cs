using System.Collections.Frozen;
using System.Globalization;

namespace PropertyFunctions.Core.Common;

/// <summary>
/// Every message the API shows to people, in both languages, keyed by a stable code.
/// Codes rather than sentences travel through the domain so tests can assert on them.
/// </summary>
public static class Messages
{
    private static readonly FrozenDictionary<string, (string Zh, string En)> Texts = new Dictionary<string, (string, string)>
    {
        ["required"] = ("必填", "is required"),
        ["too_long"] = ("不能超过 {0} 个字", "must be at most {0} characters"),
        ["wrong_type"] = ("格式不正确", "has the wrong type"),
        ["one_of"] = ("只能是：{0}", "must be one of: {0}"),
        ["community_format"] = ("小区编号只能包含小写字母、数字和短横线", "must be a slug of lowercase letters, digits and dashes"),
        ["phone_invalid"] = ("请填写正确的手机号，例如 13800138000", "must be a mobile number such as 13800138000 or +15551234567"),
        ["other_party_required"] = ("邻里纠纷请填写对方的楼栋和房号", "a dispute needs the other party's building and room"),
        ["control_chars"] = ("包含无法识别的字符", "contains characters that are not allowed"),
        ["duplicate_row"] = ("与前面的行重复", "repeats an earlier row"),
        ["shift_format"] = ("班次格式应为 08:00-17:00，可在前面加星期如 mon-fri", "must look like 08:00-17:00, optionally preceded by days such as mon-fri"),
        ["unit_chars"] = ("不能包含 | / \\ # ? 等字符", "must not contain | / \\ # or ?"),
        ["period_format"] = ("账期格式应为 2026-11（月）、2026Q4（季度）或 2026（年）", "must be a month 2026-11, a quarter 2026Q4 or a year 2026"),
        ["amount_format"] = ("金额应为数字，最多两位小数，例如 260.50", "must be a number in yuan with at most two decimals, e.g. 260.50"),
        ["amount_positive"] = ("金额必须大于 0", "must be greater than 0"),
        ["paid_exceeds_amount"] = ("已缴金额不能超过应缴金额", "must not exceed the amount"),
        ["date_format"] = ("日期格式应为 yyyy-MM-dd，例如 2026-11-30", "must be a date like 2026-11-30"),
        ["overdue_bool"] = ("只能是 true 或 false", "must be true or false"),
        ["photo_type"] = ("只能上传 JPEG 格式的照片", "must be a JPEG photo"),
        ["photo_size"] = ("照片不能超过 {0} MB", "must be at most {0} MB"),
        ["photo_missing"] = ("没有收到这张照片，请重新上传", "was not received; please upload it again"),
        ["score_range"] = ("请打 1 到 5 分", "must be a whole number from 1 to 5"),
        ["datetime_format"] = ("请填写日期和时间，例如 2026-11-28 09:00", "must be a date and time such as 2026-11-28T09:00+08:00"),
        ["end_before_start"] = ("结束时间应晚于开始时间", "must be after the start"),
        ["number_range"] = ("应在 {0} 到 {1} 之间", "must be between {0} and {1}"),
        ["buildings_or_all"] = ("请填写受影响的楼栋，或选择全小区", "name the affected buildings, or set allBuildings"),
        ["too_many"] = ("最多 {0} 项", "may list at most {0}"),
        ["too_many_updates"] = ("一条通知最多更新 {0} 次，请发布新通知", "a notice takes at most {0} updates; publish a new one"),
        ["deadline_after_start"] = ("报名截止时间不能晚于活动开始时间", "must not be after the start"),
        ["month_format"] = ("月份格式应为 yyyy-MM，例如 2026-11", "must be a month such as 2026-11 (2000–2099)"),
        ["month_future"] = ("不能晚于本月", "must not be after the current month"),

        ["department.engineering"] = ("工程部", "Engineering"),
        ["department.cleaning"] = ("保洁部", "Cleaning"),
        ["department.security"] = ("保安部", "Security"),
        ["department.service"] = ("客服中心", "Service centre"),
        ["department.all"] = ("合计", "All departments"),

        ["title.validation"] = ("提交的信息有误", "Some fields need attention"),
        ["title.malformed"] = ("请求格式不正确", "The request body is not valid JSON"),
        ["title.too_large"] = ("内容太长", "The request body is too large"),
        ["title.not_found"] = ("未找到", "Not found"),
        ["title.rate_limited"] = ("提交太频繁", "Too many submissions"),
        ["title.idempotency_mismatch"] = ("重复的请求编号", "Idempotency-Key reused with a different body"),
        ["title.unavailable"] = ("服务暂时繁忙", "The service is busy"),
        ["title.unauthorized"] = ("请先登录", "Sign-in required"),
        ["title.forbidden"] = ("没有权限", "Not allowed"),
        ["title.unsupported_media"] = ("请以 JSON 格式提交", "The body must be JSON"),
        ["title.conflict"] = ("该工单已被他人更新", "The ticket was changed by someone else"),

        ["title.notice_not_found"] = ("未找到该通知", "Notice not found"),
        ["detail.notice_not_found"] = ("没有找到该通知，请检查小区和编号。", "No notice has this id in this community."),
        ["title.notice_stale"] = ("该通知已被他人更新", "The notice was changed by someone else"),
        ["detail.notice_stale"] = ("请查看最新内容后再修改。", "Review the current notice (returned here) and try again."),
        ["title.notice_withdrawn"] = ("该通知已撤回", "The notice was withdrawn"),
        ["detail.notice_withdrawn"] = ("已撤回的通知不能再修改。", "A withdrawn notice cannot be changed."),
        ["title.event_not_found"] = ("未找到该活动", "Event not found"),
        ["detail.event_not_found"] = ("没有找到该活动，请检查链接是否完整。", "No event matches this link."),
        ["title.signups_closed"] = ("报名已截止", "Sign-up has closed"),
        ["detail.signups_closed"] = ("该活动的报名已经截止。", "The sign-up deadline for this event has passed."),

        ["title.in_progress"] = ("正在处理中", "Already being processed"),
        ["detail.in_progress"] = ("相同的请求正在处理，请稍后重试。", "A request with this Idempotency-Key is still being processed; retry in a moment."),
        ["title.import_rejected"] = ("导入数据有误，未做任何更改", "Import rejected; nothing was changed"),
        ["detail.import_rejected"] = ("有 {0} 行需要修改，请改正后重新导入。", "{0} row(s) need fixing; correct them and import again."),
        ["title.unsupported_import"] = ("请上传 JSON 或 CSV", "Send JSON or CSV"),
        ["detail.unsupported_import"] = ("Content-Type 应为 application/json 或 text/csv。", "Use Content-Type application/json or text/csv."),
        ["title.import_too_large"] = ("文件太大", "The import is too large"),
        ["detail.import_too_large"] = ("导入文件不能超过 4 MiB，请分批导入。", "An import may be at most 4 MiB; split it."),
        ["title.push_not_found"] = ("未找到", "Not found"),
        ["detail.push_not_found"] = ("没有这个推送地址。", "There is no push address here."),
        ["title.push_too_large"] = ("推送内容太长", "The push is too large"),
        ["detail.push_too_large"] = ("一次推送不能超过 1 MiB。", "One push may be at most 1 MiB."),
        ["title.if_match_required"] = ("缺少版本号", "If-Match required"),
        ["detail.if_match_required"] = ("请带上工单的 ETag（If-Match），以免覆盖他人的修改。", "Send the ticket's ETag in If-Match so no one's change is overwritten."),
        ["title.already_taken"] = ("工单已被接走", "Already taken"),
        ["detail.already_taken"] = ("该工单已由其他同事接单（当前状态：{0}）。", "Someone else has taken this ticket (status: {0})."),
        ["title.not_allowed"] = ("当前状态不能执行此操作", "Not possible in this status"),
        ["detail.not_allowed"] = ("工单当前状态为 {0}，不能执行此操作。", "The ticket is {0}; this action does not apply."),
        ["title.nobody_to_assign"] = ("没有可派的人员", "Nobody to assign"),
        ["detail.nobody_to_assign"] = ("该部门当前无人值班，或指定的人员不在排班表中（当前状态：{0}）。", "Nobody in that department is on duty, or the named person is not on the roster (status: {0})."),
        ["title.merge_target"] = ("无法合并", "Cannot merge"),
        ["detail.merge_target"] = ("要合并到的工单不存在、已结束或不在同一小区（当前状态：{0}）。", "The ticket to merge into does not exist, is finished, or is in another community (status: {0})."),
        ["title.cannot_rate"] = ("暂不能评价", "Cannot rate now"),
        ["detail.cannot_rate"] = ("工单处理完毕后才能评价，且只能评价一次（当前状态：{0}）。", "A ticket can be rated once, after it is resolved (status: {0})."),
        ["title.photo_limit"] = ("照片已达上限", "No more photos"),
        ["detail.photo_limit"] = ("每张工单最多 3 张照片（当前状态：{0}）。", "A ticket takes at most 3 photos (status: {0})."),
        ["title.cannot_add_photo"] = ("不能再添加照片", "Photos are closed"),
        ["detail.cannot_add_photo"] = ("工单已结束，不能再添加照片（当前状态：{0}）。", "This ticket is finished and takes no more photos (status: {0})."),
        ["title.cannot_escalate"] = ("无法继续升级", "Cannot escalate further"),
        ["detail.cannot_escalate"] = ("已到最高一级，请联系页面上列出的部门（当前状态：{0}）。", "This is the top of the ladder; please contact the offices listed (status: {0})."),
        ["detail.conflict"] = ("该工单刚被他人更新，请查看最新状态后再操作。", "The ticket was just changed by someone else; look at its current state and try again."),
        ["detail.validation"] = ("请检查标出的项目后重新提交。", "Please check the marked fields and submit again."),
        ["detail.malformed"] = ("请求体不是有效的 JSON。", "The request body could not be read as JSON."),
        ["detail.too_large"] = ("请求体不能超过 16 KiB。", "The request body must be at most 16 KiB."),
        ["detail.not_found"] = ("没有找到该工单，请检查链接是否完整。", "No ticket matches this link. Please check that it is complete."),
        ["detail.rate_limited"] = ("您提交得太频繁了，请稍后再试。如遇紧急情况请直接拨打 24 小时服务电话 {0}。", "You have submitted too often. Please try again later; for an emergency call the 24-hour line {0}."),
        ["detail.idempotency_mismatch"] = ("同一个请求编号不能用于不同的内容。", "The same Idempotency-Key was already used for a different request."),
        ["detail.unavailable"] = ("请稍后重试，您的信息不会丢失。", "Please try again shortly; nothing you sent was lost."),
        ["detail.unauthorized"] = ("此功能仅限物业员工使用，请先登录。", "This endpoint is for staff; please sign in."),
        ["detail.forbidden"] = ("您的账号没有执行此操作的权限。", "Your account does not have the role this needs."),
        ["detail.unsupported_media"] = ("请使用 Content-Type: application/json。", "Send Content-Type: application/json."),

        ["signup.confirmed"] = ("报名成功，我们已发短信确认。", "You are signed up; we have sent a confirmation by SMS."),
        ["signup.waiting"] = ("名额已满，您已登记候补第 {0} 位。", "The event is full; you are number {0} on the waiting list."),
        ["ack.open"] = ("我们已收到您的报事，将尽快安排处理。", "We have your request and will arrange it shortly."),
        ["ack.closed"] = ("我们已收到您的报事，客服中心 {0} 上班后安排处理；紧急情况请拨打 24 小时电话 {1}。", "We have your request; the desk opens at {0} and will arrange it then. For an emergency call the 24-hour line {1}."),
        ["ack.emergency"] = ("紧急报事已收到，值班人员正在赶来；请同时拨打 24 小时电话 {0}。", "Emergency received: the on-call staff are on their way. Please also call the 24-hour line {0}."),
    }.ToFrozenDictionary();

    public static string Get(string code, string language, params object[] args)
    {
        if (!Texts.TryGetValue(code, out var text))
        {
            return code;
        }
        var template = language == Language.English ? text.En : text.Zh;
        return args.Length == 0 ? template : string.Format(CultureInfo.InvariantCulture, template, args);
    }

    public static bool Has(string code) => Texts.ContainsKey(code);
}

using System.Collections;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Routing;
using PropertyFunctions.Core.Tickets;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// The desk's meter and span source are process-wide, so these tests run alone: every measurement they read is theirs.
/// </summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>
/// The local host on Azurite with SMS through the loopback Aliyun, and OpenTelemetry's in-memory exporters added to the
/// desk's own registration: what an operator would see in Application Insights or an OTLP backend.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests : IAsyncLifetime
{
    private const string SignName = "阳光物业";
    private const string OwnerPhone = "13800138000";
    private const string OwnerName = "李先生";

    // 02:00 on 28 November in Shanghai: an emergency goes to the on-call staff at once.
    private static readonly DateTimeOffset TwoAmLocal = new(2026, 11, 27, 18, 0, 0, TimeSpan.Zero);

    private readonly LockedCollection<Activity> _spans = new();
    private readonly LockedCollection<MetricSnapshot> _metrics = new();
    private FakeAliyunSmsServer _aliyun = null!;
    private TestDesk _desk = null!;

    public async Task InitializeAsync()
    {
        _aliyun = await FakeAliyunSmsServer.StartAsync();
        _aliyun.ApproveSignName(SignName);
        var settings = _aliyun.Settings(SignName, "telemetry-callback-secret-0123456789abcdef0123456789");
        var code = 200001;
        foreach (var template in SmsCatalogue.All)
        {
            var templateCode = $"SMS_{code++}";
            _aliyun.ApproveTemplate(templateCode, template.Variables.Select(v => v.Name).ToArray());
            settings[$"Sms:Aliyun:Templates:{template.Key}"] = templateCode;
        }
        _desk = await TestDesk.StartAsync(settings, TwoAmLocal, services => services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
            .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics)));
        _aliyun.Time = _desk.Time!;
        await StaffClients.ImportRosterAsync(_desk);
    }

    public async Task DisposeAsync()
    {
        await _desk.DisposeAsync();
        await _aliyun.DisposeAsync();
    }

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();

    [Fact]
    public async Task One_trace_follows_a_ticket_from_the_form_through_routing_to_every_SMS_and_holds_no_phone_name_or_text()
    {
        var traceId = ActivityTraceId.CreateRandom();
        // The owner page's trace; the client adds no context of its own, so the header is exactly this one.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator() })
        {
            BaseAddress = new Uri(_desk.BaseUrl),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets")
        {
            Content = JsonContent.Create(Owners.Repair("电梯困人了，3栋2单元电梯卡在5楼", OwnerPhone)),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var id = (await Owners.JsonAsync(await client.SendAsync(request))).GetProperty("id").GetString()!;

        // The acknowledgement and the dispatches to the on-call engineer and the security guard, all sent.
        var sms = await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None),
            l => l.Count >= 3 && l.All(s => s.Status == SmsStatuses.Sent));
        Assert.True(sms.Count >= 3 && sms.All(s => s.Status == SmsStatuses.Sent), "not every SMS was sent");
        var trace = await TestDesk.EventuallyAsync(() => Task.FromResult(_spans.Where(s => s.TraceId == traceId).ToList()),
            // The route span ends after its SMS calls, when the dispatch is stored.
            t => t.Count(s => s.DisplayName == "sms.provider.send") == sms.Count && t.Any(s => s.DisplayName == "RouteTicket"));

        var submit = Assert.Single(trace, s => s.DisplayName == "SubmitTicket");
        var route = Assert.Single(trace, s => s.DisplayName == "RouteTicket");
        Assert.Equal(ActivityKind.Server, submit.Kind);
        Assert.Equal(ActivityKind.Consumer, route.Kind);
        Assert.Equal(submit.SpanId, route.ParentSpanId);
        Assert.All([submit, route], span => Assert.Equal(id, span.GetTagItem(DeskTelemetry.TicketIdTag)));
        // Routing sends the ticket's SMS itself (no sms-send hop): each provider call nests in it, with the provider that
        // answered, the catalogue key and the outcome.
        Assert.DoesNotContain(trace, s => s.DisplayName == "SendSms");
        var calls = trace.Where(s => s.DisplayName == "sms.provider.send").ToList();
        Assert.Equal(sms.Count, calls.Count);
        Assert.All(calls, call =>
        {
            Assert.Equal(route.SpanId, call.ParentSpanId);
            Assert.Equal("aliyun", call.GetTagItem(DeskMetrics.ProviderTag));
            Assert.Equal("sent", call.GetTagItem("sms.outcome"));
        });
        Assert.Equal(["ack_emergency", "dispatch_urgent"], calls.Select(c => (string)c.GetTagItem(DeskMetrics.PurposeTag)!).Distinct().Order());

        _desk.Services.GetRequiredService<MeterProvider>().ForceFlush();
        AssertNothingPersonal(sms);
    }

    [Fact]
    public async Task A_provider_refusal_is_counted_by_provider_purpose_code_and_kind()
    {
        _aliyun.FailNext(new FakeAliyunFault.Refused("isv.AMOUNT_NOT_ENOUGH", "账户余额不足"), OwnerPhone);
        var id = (await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("电梯困人了", OwnerPhone)))).GetProperty("id").GetString()!;
        var ack = OutgoingSms.KeyFor("ack", "+86" + OwnerPhone);
        await TestDesk.EventuallyAsync(() => SmsLog.GetAsync(id, ack, CancellationToken.None), r => r?.Status == SmsStatuses.Failed);
        await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None), l => l.Count(s => s.Status == SmsStatuses.Sent) >= 2);

        var failed = Sum(DeskMetrics.SmsFailedName, tags => tags[DeskMetrics.ProviderTag] == "aliyun" && tags[DeskMetrics.PurposeTag] == "ack_emergency"
            && tags[DeskMetrics.ErrorCodeTag] == "isv.AMOUNT_NOT_ENOUGH" && tags[DeskMetrics.ErrorKindTag] == SmsErrorKinds.Account);
        var sent = Sum(DeskMetrics.SmsSentName, tags => tags[DeskMetrics.ProviderTag] == "aliyun" && tags[DeskMetrics.PurposeTag] == "dispatch_urgent");

        Assert.Equal(1, failed);
        Assert.True(sent >= 2, $"{sent} dispatches counted");
        Assert.Equal(1, Sum(DeskMetrics.TicketsReceivedName, tags => tags[DeskMetrics.KindTag] == "repair" && tags[DeskMetrics.ChannelTag] == Channels.Web));
        Assert.Equal(1, Count(DeskMetrics.DispatchDurationName, tags => tags[DeskMetrics.EmergencyTag] == "True"));
    }

    [Fact]
    public async Task Poisoned_messages_are_counted_by_queue_and_a_ticket_that_keeps_poisoning_is_left_to_staff_not_requeued()
    {
        // A ticket left in 'received': its route message could not be queued.
        var routeQueue = _desk.Storage.Queue(StorageNames.TicketRouteQueue);
        await routeQueue.DeleteAsync();
        var id = (await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("路灯不亮", OwnerPhone)))).GetProperty("id").GetString()!;
        await routeQueue.CreateAsync();
        var tickets = _desk.Services.GetRequiredService<ITicketStore>();

        // As the Functions host does after the fifth failed attempt: the message moves to ticket-route-poison. Three times.
        var poison = _desk.Storage.Queue(StorageNames.TicketRouteQueue + StorageNames.PoisonSuffix);
        for (var failure = 1; failure <= TicketRouter.MaxRouteFailures; failure++)
        {
            await poison.SendMessageAsync(new JsonObject { ["community"] = "sunshine-garden", ["ticketId"] = id }.ToJsonString());
            var expected = failure;
            await TestDesk.EventuallyAsync(() => tickets.GetAsync("sunshine-garden", id, CancellationToken.None), t => t!.Value.RouteFailures == expected);
        }
        await _desk.Storage.Queue(StorageNames.SmsEventsQueue + StorageNames.PoisonSuffix).SendMessageAsync(
            """[{"id":"e-1","eventType":"Microsoft.Communication.SMSReceived","data":{"from":"+8613800138000","message":"JD"}}]""");
        await _desk.Storage.Queue(StorageNames.NoticeFanoutQueue + StorageNames.PoisonSuffix).SendMessageAsync(
            """{"community":"sunshine-garden","noticeId":"N261128-AAAA","version":1}""");
        await TestDesk.EventuallyAsync(() => Task.FromResult(Poisoned()), p => p.Count == 3);

        Assert.Equal(new Dictionary<string, long> { ["ticket-route"] = 3, ["sms-events"] = 1, ["notice-fanout"] = 1 }, Poisoned());
        var ticket = (await tickets.GetAsync("sunshine-garden", id, CancellationToken.None))!.Value;
        Assert.Equal(TicketStatuses.Received, ticket.Status);
        var (_, history) = (await tickets.GetWithHistoryAsync("sunshine-garden", id, CancellationToken.None))!.Value;
        Assert.Contains(history, h => h.NoteIn(Language.English) == "Routing failed 3 times: no more automatic retries; dispatch it by hand (reassign)" && !h.Public);

        // The watch's sweep no longer queues it every five minutes: it waits for staff.
        _desk.Time!.Advance(TimeSpan.FromMinutes(10));
        await _desk.RunFunctionAsync("ServiceLevelWatch");
        Assert.Null((await routeQueue.PeekMessageAsync()).Value);
        // The run is the heartbeat the "no ServiceLevelWatch run" alert counts (the timer may have fired as well).
        Assert.True(Count(DeskMetrics.WatchDurationName, tags => tags[DeskMetrics.WatchTag] == "ServiceLevelWatch") >= 1);
        AssertNothingPersonal([]);
    }

    [Fact]
    public async Task An_emergency_still_unaccepted_after_the_supervisor_page_is_reported_once()
    {
        var id = (await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("地下室水管爆裂，漏水严重", OwnerPhone)))).GetProperty("id").GetString()!;
        await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None), l => l.Any(s => s.Purpose == "dispatch"));
        await Settled.AfterSmsAsync(_desk, id, "dispatch");

        _desk.Time!.Advance(TimeSpan.FromMinutes(6));
        await _desk.RunFunctionAsync("ServiceLevelWatch");
        Assert.Equal(0, Sum(DeskMetrics.EmergenciesUnansweredName, _ => true));
        _desk.Time.Advance(TimeSpan.FromMinutes(10));
        await _desk.RunFunctionAsync("ServiceLevelWatch");
        await _desk.RunFunctionAsync("ServiceLevelWatch");

        Assert.Equal(1, Sum(DeskMetrics.EmergenciesUnansweredName, tags => tags[DeskMetrics.CommunityTag] == "sunshine-garden"));
        Assert.Equal(1, Sum(DeskMetrics.ServiceLevelBreachesName, tags => tags[DeskMetrics.StepTag] == "escalate_accept" && tags[DeskMetrics.EmergencyTag] == "True"));
        var ticket = (await _desk.Services.GetRequiredService<ITicketStore>().GetAsync("sunshine-garden", id, CancellationToken.None))!.Value;
        Assert.Equal(3, ticket.AcceptAlert);
    }

    /// <summary>The poisoned-message counter per queue.</summary>
    private Dictionary<string, long> Poisoned()
    {
        _desk.Services.GetRequiredService<MeterProvider>().ForceFlush();
        return Points(DeskMetrics.MessagesPoisonedName).ToDictionary(p => Tags(p)[DeskMetrics.QueueTag], p => p.GetSumLong());
    }

    private long Sum(string metric, Func<Dictionary<string, string>, bool> where)
    {
        _desk.Services.GetRequiredService<MeterProvider>().ForceFlush();
        return Points(metric).Where(p => where(Tags(p))).Sum(p => p.GetSumLong());
    }

    private long Count(string histogram, Func<Dictionary<string, string>, bool> where)
    {
        _desk.Services.GetRequiredService<MeterProvider>().ForceFlush();
        return Points(histogram).Where(p => where(Tags(p))).Sum(p => p.GetHistogramCount());
    }

    /// <summary>The latest export of a metric (the in-memory exporter exports cumulative sums).</summary>
    private List<MetricPoint> Points(string metric) =>
        _metrics.LastOrDefault(m => m.Name == metric) is { } snapshot ? [.. snapshot.MetricPoints] : [];

    private static Dictionary<string, string> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, string>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }
        return tags;
    }

    /// <summary>No span (name, tags, events, status) and no metric tag holds a phone number, a name or the text of an SMS.</summary>
    private void AssertNothingPersonal(IReadOnlyList<SmsRecord> sms)
    {
        var values = new List<string>();
        foreach (var span in _spans.ToList())
        {
            values.Add(span.DisplayName);
            values.Add(span.StatusDescription ?? "");
            values.AddRange(span.TagObjects.Select(t => $"{t.Key}={t.Value}"));
            values.AddRange(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")));
        }
        foreach (var metric in _metrics.ToList())
        {
            values.AddRange(metric.MetricPoints.SelectMany(p => Tags(p).Select(t => $"{metric.Name} {t.Key}={t.Value}")));
        }
        Assert.NotEmpty(values);
        string[] forbidden = [OwnerPhone, OwnerName, "13900000001", "13900000003", "13900000004", "张师傅", "赵保安", "王主管", "电梯困人", "路灯不亮", "水管爆裂"];
        Assert.All(values, value =>
        {
            Assert.DoesNotMatch(@"\d{7,}", value.Replace(DeskTelemetry.TicketIdTag, "", StringComparison.Ordinal));
            Assert.All(forbidden, word => Assert.DoesNotContain(word, value, StringComparison.Ordinal));
            Assert.All(sms, s => Assert.DoesNotContain(s.Text, value, StringComparison.Ordinal));
        });
    }

    /// <summary>A collection the exporters may add to from any thread while the test reads it.</summary>
    private sealed class LockedCollection<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public void Add(T item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(T item)
        {
            lock (_items)
            {
                return _items.Contains(item);
            }
        }

        public void CopyTo(T[] array, int arrayIndex)
        {
            lock (_items)
            {
                _items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(T item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator()
        {
            lock (_items)
            {
                return _items.ToList().GetEnumerator();
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

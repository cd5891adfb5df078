using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PropertyFunctions.Infra.Tests;

/// <summary>
/// Azure Resource Manager on a loopback port, for the preprovision hook: it answers exactly the GET requests it was
/// given (path and query as sent, bearer token as azd hands it out), 404 with ARM's error shape otherwise, and keeps
/// every request so a test can see what the hook asked.
/// </summary>
public sealed class LoopbackArm : IDisposable
{
    public const string Token = "loopback-arm-token";

    private readonly HttpListener _listener;
    private readonly Dictionary<string, (int Status, string Body)> _answers = [];
    private readonly Task _loop;

    public LoopbackArm()
    {
        // HttpListener cannot bind port 0, so it takes a port the system just handed out. Another test process can
        // take the same port in between: then try another.
        for (var attempt = 1; ; attempt++)
        {
            Endpoint = $"http://127.0.0.1:{FreePort()}/";
            _listener = new HttpListener();
            _listener.Prefixes.Add(Endpoint);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                _listener.Close();
            }
        }
        _loop = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>"GET path?query" for every request, in order; "UNAUTHORIZED …" for one without the right token.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public LoopbackArm Answer(string pathAndQuery, string body, int status = 200)
    {
        _answers["/" + pathAndQuery] = (status, body);
        return this;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var request = context.Request;
            var key = request.Url!.PathAndQuery;
            (int Status, string Body) answer;
            if (request.Headers["Authorization"] != "Bearer " + Token)
            {
                Requests.Enqueue("UNAUTHORIZED " + key);
                answer = (401, """{"error":{"code":"InvalidAuthenticationToken","message":"The access token is invalid."}}""");
            }
            else
            {
                Requests.Enqueue($"{request.HttpMethod} {key}");
                answer = request.HttpMethod == "GET" && _answers.TryGetValue(key, out var known)
                    ? known
                    : (404, """{"error":{"code":"ResourceNotFound","message":"Not found."}}""");
            }
            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        // Close alone: after Stop, the managed listener's Close removes the prefix a second time, which binds the port
        // again for a moment and fails when another process has taken it since.
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

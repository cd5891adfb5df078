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

    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, (int Status, string Body)> _answers = [];
    private readonly Task _loop;

    public LoopbackArm()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Endpoint = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        }
        _listener.Prefixes.Add(Endpoint);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

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
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

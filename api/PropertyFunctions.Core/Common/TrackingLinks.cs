namespace PropertyFunctions.Core.Common;

public static class TrackingLinks
{
    public static string For(DeskOptions options, string id, string token) =>
        $"{options.PublicBaseUrl.TrimEnd('/')}/track.html?id={id}&k={token}";
}

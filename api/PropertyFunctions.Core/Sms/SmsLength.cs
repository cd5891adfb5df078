namespace PropertyFunctions.Core.Sms;

/// <summary>Segment count of a text; kept as the name callers use, counted by <see cref="SmsSegments"/> (extension characters, seams).</summary>
public static class SmsLength
{
    public static int Count(string text) => Segments(text);

    public static int Segments(string text) => SmsSegments.Count(text).Segments;
}

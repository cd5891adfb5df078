namespace PropertyFunctions.Core.Sms;

/// <summary>Interim segment estimate (GSM-7 basic set vs UCS-2); replaced by the full segment counter.</summary>
public static class SmsLength
{
    private const string Gsm = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    public static int Count(string text) => Segments(text);

    public static int Segments(string text)
    {
        var gsm = text.All(c => Gsm.Contains(c, StringComparison.Ordinal));
        var (single, part) = gsm ? (160, 153) : (70, 67);
        return text.Length <= single ? 1 : (text.Length + part - 1) / part;
    }
}

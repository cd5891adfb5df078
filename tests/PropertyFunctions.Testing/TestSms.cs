using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Testing;

/// <summary>SMS for tests that only need some SMS: the catalogue's help text, which has no variables.</summary>
public static class TestSms
{
    public static readonly SmsMessage Help = new(SmsCatalogue.Help.Key, Language.Chinese, new Dictionary<string, string>());
}

namespace PropertyFunctions.Core.Common;

/// <summary>A stored value with the concurrency tag that guards its next update.</summary>
public sealed record Versioned<T>(T Value, string ETag);

namespace PropertyFunctions.LocalHost;

public static class RepositoryPaths
{
    /// <summary>The folder holding PropertyFunctions.sln, found by walking up from this program or the working directory.</summary>
    public static string Root()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PropertyFunctions.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new DirectoryNotFoundException("Run the local host from inside the PropertyFunctions repository.");
    }
}

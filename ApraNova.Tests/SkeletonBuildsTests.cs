namespace ApraNova.Tests;

public class ResourceNamesTests
{
    [Fact]
    public void Database_resource_and_database_name_follow_the_seed()
    {
        Assert.Equal("apranova_db", ResourceNames.DatabaseName);
        Assert.Equal(8000, ResourceNames.ApiPort);
        Assert.Equal(3000, ResourceNames.WebPort);
    }
}

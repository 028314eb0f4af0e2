using ApraNova.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace ApraNova.Tests.Hosting;

/// <summary>The data tier in processes mode (what the tests and a machine without containers run): PostgreSQL 14 and a password-protected Redis.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ProcessInfrastructureTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Database_is_PostgreSQL_14_with_apranova_db()
    {
        await using var connection = new NpgsqlConnection(infrastructure.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database(), current_setting('server_version_num')::int / 10000", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(ResourceNames.DatabaseName, reader.GetString(0));
        Assert.Equal(14, reader.GetInt32(1));
    }

    [Fact]
    public async Task Extra_databases_can_be_created_on_the_server()
    {
        var connectionString = await infrastructure.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CREATE TABLE probe (id int); INSERT INTO probe VALUES (42); SELECT id FROM probe", connection);
        Assert.Equal(42, await command.ExecuteScalarAsync());
        Assert.NotEqual(ResourceNames.DatabaseName, connection.Database);
    }

    [Fact]
    public async Task Redis_requires_the_password_and_stores_keys()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.RedisConnectionString);
        var key = $"probe:{Guid.NewGuid():N}";
        await redis.GetDatabase().StringSetAsync(key, "value");
        Assert.Equal("value", (string?)await redis.GetDatabase().StringGetAsync(key));

        var withoutPassword = ConfigurationOptions.Parse(infrastructure.RedisConnectionString);
        withoutPassword.Password = null;
        withoutPassword.AbortOnConnectFail = false;
        await using var anonymous = await ConnectionMultiplexer.ConnectAsync(withoutPassword);
        await Assert.ThrowsAnyAsync<RedisException>(() => anonymous.GetDatabase().StringGetAsync(key));
    }
}

using System.Data.Common;
using Aspire.Hosting.ApplicationModel;

namespace ApraNova.Hosting.Resources;

/// <summary>A database on a <see cref="ProcessPostgresServerResource"/> (twin of Aspire's <c>PostgresDatabaseResource</c>).</summary>
public sealed class ProcessPostgresDatabaseResource(string name, string databaseName, ProcessPostgresServerResource parent)
    : Resource(name), IResourceWithParent<ProcessPostgresServerResource>, IResourceWithConnectionString
{
    public ProcessPostgresServerResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var database = new DbConnectionStringBuilder { ["Database"] = DatabaseName };
            return ReferenceExpression.Create($"{Parent};{database.ToString()}");
        }
    }
}

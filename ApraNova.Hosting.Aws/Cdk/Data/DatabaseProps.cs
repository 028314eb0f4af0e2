using ApraNova.Hosting.Aws.Cdk.Network;
using ApraNova.Hosting.Aws.Model;

namespace ApraNova.Hosting.Aws.Cdk.Data;

public sealed record DatabaseProps(NetworkConstruct Network, DatabaseSpec Database, bool MultiAz, bool StorageEncrypted);

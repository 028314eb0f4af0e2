using Amazon.CDK.Assertions;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>Builds the dictionaries CDK assertion matchers take.</summary>
internal static class Props
{
    public static Dictionary<string, object> Of(params (string Key, object Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);

    public static object Like(params (string Key, object Value)[] entries) => Match.ObjectLike(Of(entries));

    public static object Ref(string logicalId) => Of(("Ref", logicalId));

    public static object GetAtt(string logicalId, string attribute) => Of(("Fn::GetAtt", new object[] { logicalId, attribute }));
}

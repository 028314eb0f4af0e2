// Generates lib/api-schema.ts (TypeScript types of the api's contract) from the api's OpenAPI document.
//
//   npm run gen:api                                             reads ../artifacts/openapi/v1.json
//   npm run gen:api -- http://localhost:8000/openapi/v1.json    reads a running api (AppHost run mode)
//   npm run gen:api -- <document> <output>                      what the contract test runs
//
// The default document is the one ApraNova.Tests' ApiContractTypesTests saves on every run (it
// starts the real api), so after an api change:
//   dotnet test ApraNova.Tests --filter "FullyQualifiedName~ApiContractTypesTests"
//   cd ApraNova.Web && npm run gen:api
// and commit lib/api-schema.ts.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const webDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [source = path.join(webDirectory, "..", "artifacts", "openapi", "v1.json"), output = path.join(webDirectory, "lib", "api-schema.ts")] =
  process.argv.slice(2);

const BANNER = `/**
 * The api's contract, generated from its OpenAPI document by \`npm run gen:api\` (openapi-typescript).
 * Do not edit: regenerate. ApraNova.Tests' ApiContractTypesTests fails when this file and the api differ.
 */

`;

async function readDocument(from) {
  if (/^https?:\/\//.test(from)) {
    const response = await fetch(from, { headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`GET ${from} answered ${response.status}`);
    return response.json();
  }
  try {
    return JSON.parse(await readFile(from, "utf8"));
  } catch (error) {
    if (error.code === "ENOENT") {
      throw new Error(
        `${from} does not exist. Run the contract test first (it saves the api's document there):\n` +
          `  dotnet test ApraNova.Tests --filter "FullyQualifiedName~ApiContractTypesTests"\n` +
          `or pass a running api's document: npm run gen:api -- http://localhost:8000/openapi/v1.json`,
      );
    }
    throw error;
  }
}

const document = await readDocument(source);
const ast = await openapiTS(document);

const contents = BANNER + astToString(ast);
await mkdir(path.dirname(output), { recursive: true });
await writeFile(output, contents);
console.log(`Wrote ${path.relative(process.cwd(), output) || output} from ${source}.`);

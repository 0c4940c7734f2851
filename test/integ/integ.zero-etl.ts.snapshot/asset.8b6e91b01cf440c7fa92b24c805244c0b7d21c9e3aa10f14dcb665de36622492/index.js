"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/catalog-policy/on-event.lambda.ts
var on_event_lambda_exports = {};
__export(on_event_lambda_exports, {
  DEFAULT_RETRY: () => DEFAULT_RETRY,
  handler: () => handler,
  reconcileCatalogPolicy: () => reconcileCatalogPolicy
});
module.exports = __toCommonJS(on_event_lambda_exports);
var import_client_glue = require("@aws-sdk/client-glue");

// src/catalog-policy/policy-document.ts
var crypto = __toESM(require("crypto"));
var CATALOG_POLICY_MAX_BYTES = 10240;
var SHARED_SID_PREFIX = "ZeroEtlAccountWide";
function sharedStatementSid(statement) {
  const { Sid: _ignored, ...content } = statement;
  return SHARED_SID_PREFIX + crypto.createHash("sha256").update(canonicalJson(content)).digest("hex").slice(0, 16);
}
function canonicalJson(value) {
  return JSON.stringify(value, (_key, inner) => inner !== null && typeof inner === "object" && !Array.isArray(inner) ? Object.fromEntries(Object.keys(inner).sort().map((key) => [key, inner[key]])) : inner);
}
function mergeOwnStatements(currentPolicyInJson, sidPrefix, ownStatements, sharedStatements = []) {
  for (const statement of ownStatements) {
    if (!statement.Sid?.startsWith(sidPrefix)) {
      throw new Error(`Statement Sid '${statement.Sid}' does not start with the owner prefix '${sidPrefix}'`);
    }
  }
  const current = parseDocument(currentPolicyInJson);
  const currentStatements = statementList(current);
  const currentOwn = currentStatements.filter((s) => isOwnedBy(s, sidPrefix));
  const missingShared = sharedStatements.map((s) => ({ Sid: sharedStatementSid(s), ...s })).filter((s) => !currentStatements.some((c) => canonicalJson(c) === canonicalJson(s)));
  if (canonicalJson(currentOwn) === canonicalJson(ownStatements) && missingShared.length === 0) {
    return { kind: "unchanged" };
  }
  const others = currentStatements.filter((s) => !isOwnedBy(s, sidPrefix) && !missingShared.some((m) => m.Sid === s.Sid));
  const mine = [...ownStatements, ...missingShared];
  const nextStatements = [...others, ...mine];
  if (nextStatements.length === 0) {
    return { kind: "delete" };
  }
  const next = { Version: "2012-10-17", ...current, Statement: nextStatements };
  const policyInJson = JSON.stringify(next);
  const bytes = Buffer.byteLength(policyInJson);
  const grows = Buffer.byteLength(JSON.stringify(mine)) > Buffer.byteLength(JSON.stringify(currentOwn));
  if (bytes > CATALOG_POLICY_MAX_BYTES && grows) {
    throw new Error(
      `The Glue Data Catalog resource policy would be ${bytes} bytes, over Glue's limit of ${CATALOG_POLICY_MAX_BYTES}: this stack's statements (Sid prefix '${sidPrefix}') are ${Buffer.byteLength(JSON.stringify(mine))} bytes and everyone else's ${Buffer.byteLength(JSON.stringify(others))} bytes. Nothing was written. Use fewer targets in this stack, or catalogPolicyScope ACCOUNT_WIDE, or remove statements that are no longer needed from the policy.`
    );
  }
  return { kind: "put", policyInJson };
}
function isOwnedBy(statement, sidPrefix) {
  return typeof statement.Sid === "string" && statement.Sid.startsWith(sidPrefix);
}
function parseDocument(policyInJson) {
  if (policyInJson === void 0 || policyInJson.trim() === "") {
    return void 0;
  }
  const parsed = JSON.parse(policyInJson);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`The Glue Data Catalog resource policy is not a JSON object: ${policyInJson}`);
  }
  return parsed;
}
function statementList(document) {
  const statement = document?.Statement;
  if (statement === void 0) {
    return [];
  }
  return Array.isArray(statement) ? statement : [statement];
}

// src/catalog-policy/on-event.lambda.ts
var DEFAULT_RETRY = { maxAttempts: 8, baseDelayMs: 500 };
var glue = new import_client_glue.GlueClient({});
async function handler(event) {
  const properties = event.ResourceProperties;
  const deleting = event.RequestType === "Delete";
  await reconcileCatalogPolicy(
    glue,
    properties.SidPrefix,
    deleting ? [] : properties.Statements ?? [],
    deleting ? [] : properties.SharedStatements ?? []
  );
  return { PhysicalResourceId: `glue-catalog-resource-policy:${properties.SidPrefix}` };
}
async function reconcileCatalogPolicy(client, sidPrefix, ownStatements, sharedStatements = [], retry = DEFAULT_RETRY) {
  for (let attempt = 1; ; attempt++) {
    try {
      await writeOnce(client, sidPrefix, ownStatements, sharedStatements);
      return;
    } catch (error) {
      if (!isConcurrentChange(error)) {
        throw error;
      }
      if (attempt >= retry.maxAttempts) {
        throw new Error(
          `Gave up updating the Glue Data Catalog resource policy after ${attempt} attempts: another writer changed it between every read and write. Retry the deployment; the statements with Sid prefix '${sidPrefix}' were not changed. Last error: ${error.message}`
        );
      }
      const delay = retry.baseDelayMs * 2 ** (attempt - 1);
      await sleep(delay + Math.random() * delay * 0.5);
    }
  }
}
async function writeOnce(client, sidPrefix, own, shared) {
  const current = await getPolicy(client);
  const change = mergeOwnStatements(current?.policyInJson, sidPrefix, own, shared);
  switch (change.kind) {
    case "unchanged":
      return;
    case "delete":
      await client.send(new import_client_glue.DeleteResourcePolicyCommand({ PolicyHashCondition: current?.policyHash }));
      return;
    case "put":
      await client.send(new import_client_glue.PutResourcePolicyCommand({
        PolicyInJson: change.policyInJson,
        ...current ? { PolicyHashCondition: current.policyHash, PolicyExistsCondition: "MUST_EXIST" } : { PolicyExistsCondition: "NOT_EXIST" },
        // Required when Lake Formation cross-account grants share the policy; assumed harmless otherwise
        // (the Glue API describes it only for that case).
        EnableHybrid: "TRUE"
      }));
      return;
  }
}
async function getPolicy(client) {
  try {
    const response = await client.send(new import_client_glue.GetResourcePolicyCommand({}));
    return { policyInJson: response.PolicyInJson, policyHash: response.PolicyHash };
  } catch (error) {
    if (error instanceof import_client_glue.EntityNotFoundException) {
      return void 0;
    }
    throw error;
  }
}
function isConcurrentChange(error) {
  return error instanceof import_client_glue.ConditionCheckFailureException || error instanceof import_client_glue.EntityNotFoundException;
}
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  DEFAULT_RETRY,
  handler,
  reconcileCatalogPolicy
});

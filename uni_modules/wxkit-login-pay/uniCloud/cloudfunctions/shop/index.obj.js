// GENERATED FILE - do not edit. Source: cloud/objects/shop/index.ts
// Regenerate with `npm run build:cloud`; upload this folder with HBuilderX.
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
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
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// node_modules/valibot/dist/index.mjs
// @__NO_SIDE_EFFECTS__
function getGlobalConfig(config$1) {
  if (!config$1 && !store$4) return DEFAULT_CONFIG;
  return {
    lang: config$1?.lang ?? store$4?.lang,
    message: config$1?.message,
    abortEarly: config$1?.abortEarly ?? store$4?.abortEarly,
    abortPipeEarly: config$1?.abortPipeEarly ?? store$4?.abortPipeEarly
  };
}
// @__NO_SIDE_EFFECTS__
function getGlobalMessage(lang) {
  return store$3?.get(lang);
}
// @__NO_SIDE_EFFECTS__
function getSchemaMessage(lang) {
  return store$2?.get(lang);
}
// @__NO_SIDE_EFFECTS__
function getSpecificMessage(reference, lang) {
  return store$1?.get(reference)?.get(lang);
}
// @__NO_SIDE_EFFECTS__
function _stringify(input) {
  const type = typeof input;
  if (type === "string") return `"${input}"`;
  if (type === "number" || type === "bigint" || type === "boolean") return `${input}`;
  if (type === "object" || type === "function") return (input && Object.getPrototypeOf(input)?.constructor?.name) ?? "null";
  return type;
}
function _addIssue(context, label, dataset, config$1, other) {
  const input = other && "input" in other ? other.input : dataset.value;
  const expected = other?.expected ?? context.expects ?? null;
  const received = other?.received ?? /* @__PURE__ */ _stringify(input);
  const issue = {
    kind: context.kind,
    type: context.type,
    input,
    expected,
    received,
    message: `Invalid ${label}: ${expected ? `Expected ${expected} but r` : "R"}eceived ${received}`,
    requirement: context.requirement,
    path: other?.path,
    issues: other?.issues,
    lang: config$1.lang,
    abortEarly: config$1.abortEarly,
    abortPipeEarly: config$1.abortPipeEarly
  };
  const isSchema = context.kind === "schema";
  const message$1 = other?.message ?? context.message ?? /* @__PURE__ */ getSpecificMessage(context.reference, issue.lang) ?? (isSchema ? /* @__PURE__ */ getSchemaMessage(issue.lang) : null) ?? config$1.message ?? /* @__PURE__ */ getGlobalMessage(issue.lang);
  if (message$1 !== void 0) issue.message = typeof message$1 === "function" ? message$1(issue) : message$1;
  if (isSchema) dataset.typed = false;
  if (dataset.issues) dataset.issues.push(issue);
  else dataset.issues = [issue];
}
function _standardSchema(schema) {
  schema["~standard"] = {
    version: 1,
    vendor: "valibot",
    validate: (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig())
  };
  return schema;
}
// @__NO_SIDE_EFFECTS__
function maxLength(requirement, message$1) {
  return {
    kind: "validation",
    type: "max_length",
    reference: maxLength,
    async: false,
    expects: `<=${requirement}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && dataset.value.length > this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function minLength(requirement, message$1) {
  return {
    kind: "validation",
    type: "min_length",
    reference: minLength,
    async: false,
    expects: `>=${requirement}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && dataset.value.length < this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function getFallback(schema, dataset, config$1) {
  return typeof schema.fallback === "function" ? schema.fallback(dataset, config$1) : schema.fallback;
}
// @__NO_SIDE_EFFECTS__
function getDefault(schema, dataset, config$1) {
  return typeof schema.default === "function" ? schema.default(dataset, config$1) : schema.default;
}
// @__NO_SIDE_EFFECTS__
function object(entries$1, message$1) {
  return _standardSchema({
    kind: "schema",
    type: "object",
    reference: object,
    expects: "Object",
    async: false,
    entries: entries$1,
    message: message$1,
    "~run"(dataset, config$1) {
      const input = dataset.value;
      if (input && typeof input === "object") {
        dataset.typed = true;
        dataset.value = {};
        for (const key in this.entries) {
          const valueSchema = this.entries[key];
          if (key in input || (valueSchema.type === "exact_optional" || valueSchema.type === "optional" || valueSchema.type === "nullish") && valueSchema.default !== void 0) {
            const value$1 = key in input ? input[key] : /* @__PURE__ */ getDefault(valueSchema);
            const valueDataset = valueSchema["~run"]({ value: value$1 }, config$1);
            if (valueDataset.issues) {
              const pathItem = {
                type: "object",
                origin: "value",
                input,
                key,
                value: value$1
              };
              for (const issue of valueDataset.issues) {
                if (issue.path) issue.path.unshift(pathItem);
                else issue.path = [pathItem];
                dataset.issues?.push(issue);
              }
              if (!dataset.issues) dataset.issues = valueDataset.issues;
              if (config$1.abortEarly) {
                dataset.typed = false;
                break;
              }
            }
            if (!valueDataset.typed) dataset.typed = false;
            dataset.value[key] = valueDataset.value;
          } else if (valueSchema.fallback !== void 0) dataset.value[key] = /* @__PURE__ */ getFallback(valueSchema);
          else if (valueSchema.type !== "exact_optional" && valueSchema.type !== "optional" && valueSchema.type !== "nullish") {
            _addIssue(this, "key", dataset, config$1, {
              input: void 0,
              expected: `"${key}"`,
              path: [{
                type: "object",
                origin: "key",
                input,
                key,
                value: input[key]
              }]
            });
            if (config$1.abortEarly) break;
          }
        }
      } else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function string(message$1) {
  return _standardSchema({
    kind: "schema",
    type: "string",
    reference: string,
    expects: "string",
    async: false,
    message: message$1,
    "~run"(dataset, config$1) {
      if (typeof dataset.value === "string") dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function pipe(...pipe$1) {
  return _standardSchema({
    ...pipe$1[0],
    pipe: pipe$1,
    "~run"(dataset, config$1) {
      for (const item of pipe$1) if (item.kind !== "metadata") {
        if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
          dataset.typed = false;
          break;
        }
        if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
      }
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function safeParse(schema, input, config$1) {
  const dataset = schema["~run"]({ value: input }, /* @__PURE__ */ getGlobalConfig(config$1));
  return {
    typed: dataset.typed,
    success: !dataset.issues,
    output: dataset.value,
    issues: dataset.issues
  };
}
var store$4, DEFAULT_CONFIG, store$3, store$2, store$1, EMOJI_REGEX;
var init_dist = __esm({
  "node_modules/valibot/dist/index.mjs"() {
    DEFAULT_CONFIG = {
      lang: void 0,
      message: void 0,
      abortEarly: void 0,
      abortPipeEarly: void 0
    };
    EMOJI_REGEX = new RegExp("^(?:[\\u{1F1E6}-\\u{1F1FF}]{2}|\\u{1F3F4}[\\u{E0061}-\\u{E007A}]{2}[\\u{E0030}-\\u{E0039}\\u{E0061}-\\u{E007A}]{1,3}\\u{E007F}|(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation})(?:\\u200D(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation}))*)+$", "u");
  }
});

// cloud/shared/cloud-object.ts
function defineCloudObject(methods) {
  return methods;
}
var init_cloud_object = __esm({
  "cloud/shared/cloud-object.ts"() {
    "use strict";
  }
});

// cloud/shared/errors.ts
function toFailureAnswer(error) {
  if (error instanceof CloudError) {
    const answer = { errCode: error.code, errMsg: error.message };
    if (error.detail !== void 0) answer.detail = error.detail;
    return answer;
  }
  return { errCode: ErrorCodes.INTERNAL_ERROR, errMsg: "internal error" };
}
var ErrorCodes, CloudError;
var init_errors = __esm({
  "cloud/shared/errors.ts"() {
    "use strict";
    ErrorCodes = {
      PARAM_INVALID: "PARAM_INVALID",
      METHOD_NOT_FOUND: "METHOD_NOT_FOUND",
      CONFIG_INVALID: "CONFIG_INVALID",
      INTERNAL_ERROR: "INTERNAL_ERROR",
      UPSTREAM_TIMEOUT: "UPSTREAM_TIMEOUT",
      UPSTREAM_UNREACHABLE: "UPSTREAM_UNREACHABLE",
      TOKEN_MISSING: "TOKEN_MISSING",
      TOKEN_INVALID: "TOKEN_INVALID",
      TOKEN_EXPIRED: "TOKEN_EXPIRED",
      RATE_LIMITED: "RATE_LIMITED",
      WX_CODE_INVALID: "WX_CODE_INVALID",
      WX_CODE_USED: "WX_CODE_USED",
      LOGIN_CODE_USED: "LOGIN_CODE_USED",
      WX_RATE_LIMITED: "WX_RATE_LIMITED",
      WX_USER_BLOCKED: "WX_USER_BLOCKED",
      WX_UPSTREAM_BUSY: "WX_UPSTREAM_BUSY",
      WX_UPSTREAM_ERROR: "WX_UPSTREAM_ERROR",
      OAUTH_STATE_INVALID: "OAUTH_STATE_INVALID",
      PHONE_CODE_USED: "PHONE_CODE_USED",
      SESSION_KEY_STALE: "SESSION_KEY_STALE",
      OPEN_DATA_INVALID: "OPEN_DATA_INVALID",
      OPEN_DATA_EXPIRED: "OPEN_DATA_EXPIRED",
      PRODUCT_NOT_FOUND: "PRODUCT_NOT_FOUND",
      ORDER_NOT_FOUND: "ORDER_NOT_FOUND",
      ORDER_NOT_PAYABLE: "ORDER_NOT_PAYABLE",
      ORDER_NOT_REFUNDABLE: "ORDER_NOT_REFUNDABLE",
      TOO_MANY_UNPAID_ORDERS: "TOO_MANY_UNPAID_ORDERS",
      PAYER_OPENID_MISSING: "PAYER_OPENID_MISSING",
      WXPAY_UPSTREAM_ERROR: "WXPAY_UPSTREAM_ERROR",
      WXPAY_SIGNATURE_INVALID: "WXPAY_SIGNATURE_INVALID",
      WXPAY_NOTIFY_INVALID: "WXPAY_NOTIFY_INVALID",
      RECEIPT_UNAVAILABLE: "RECEIPT_UNAVAILABLE",
      FILE_NOT_FOUND: "FILE_NOT_FOUND",
      MERCHANT_ONLY: "MERCHANT_ONLY",
      ORDER_EXPIRED: "ORDER_EXPIRED",
      PAY_CHANNEL_SWITCH_UNAVAILABLE: "PAY_CHANNEL_SWITCH_UNAVAILABLE",
      REFUND_NOT_FOUND: "REFUND_NOT_FOUND",
      REFUND_NOT_PENDING: "REFUND_NOT_PENDING",
      REFUND_REQUEST_PENDING: "REFUND_REQUEST_PENDING",
      REFUND_EXCEEDS_REMAINING: "REFUND_EXCEEDS_REMAINING",
      REFUND_LIMIT_REACHED: "REFUND_LIMIT_REACHED",
      REFUND_WINDOW_CLOSED: "REFUND_WINDOW_CLOSED",
      SHIPPING_NOT_APPLICABLE: "SHIPPING_NOT_APPLICABLE",
      SHIPPING_BUSY: "SHIPPING_BUSY",
      SHIPPING_NOT_RETRYABLE: "SHIPPING_NOT_RETRYABLE",
      SHIPPING_CONTACT_REQUIRED: "SHIPPING_CONTACT_REQUIRED",
      SHIPPING_CARRIER_UNKNOWN: "SHIPPING_CARRIER_UNKNOWN",
      SHIPPING_CORRECTION_USED: "SHIPPING_CORRECTION_USED",
      SHIPPING_ALREADY_COMPLETED: "SHIPPING_ALREADY_COMPLETED",
      SHIPPING_NOT_SHIPPABLE: "SHIPPING_NOT_SHIPPABLE",
      SHIPPING_PAYER_MISMATCH: "SHIPPING_PAYER_MISMATCH",
      SHIPPING_TRADE_NOT_FOUND: "SHIPPING_TRADE_NOT_FOUND",
      SHIPPING_INFO_REJECTED: "SHIPPING_INFO_REJECTED",
      SHIPPING_NOT_SHIPPED: "SHIPPING_NOT_SHIPPED",
      SHIPPING_REMINDER_USED: "SHIPPING_REMINDER_USED",
      SHIPPING_REMINDER_EXPRESS_ONLY: "SHIPPING_REMINDER_EXPRESS_ONLY",
      BILL_HASH_MISMATCH: "BILL_HASH_MISMATCH",
      BILL_HASH_UNSUPPORTED: "BILL_HASH_UNSUPPORTED",
      BILL_MALFORMED: "BILL_MALFORMED",
      RECONCILIATION_BUSY: "RECONCILIATION_BUSY",
      RECONCILIATION_NOT_FOUND: "RECONCILIATION_NOT_FOUND",
      EXPORT_TOO_LARGE: "EXPORT_TOO_LARGE"
    };
    CloudError = class extends Error {
      constructor(code, message, detail) {
        super(message);
        this.name = "CloudError";
        this.code = code;
        this.detail = detail;
      }
    };
  }
});

// cloud/shared/lifecycle.ts
function isComposed(value) {
  return typeof value === "object" && value !== null && value.mpserverlessComposedResponse === true;
}
function normaliseAnswer(objectName, method, error, result) {
  if (error) {
    if (!(error instanceof CloudError)) {
      const name = error instanceof Error ? error.name : typeof error;
      const code = error?.code;
      console.error(`[${objectName}.${method}] unexpected ${name}${code ? ` (${String(code)})` : ""}`);
    }
    return toFailureAnswer(error);
  }
  if (isComposed(result)) return result;
  if (result === void 0 || result === null) return { errCode: 0 };
  if (typeof result !== "object" || Array.isArray(result)) return { errCode: 0, data: result };
  return { ...result, errCode: 0 };
}
var init_lifecycle = __esm({
  "cloud/shared/lifecycle.ts"() {
    "use strict";
    init_errors();
  }
});

// cloud/shared/validation.ts
function expectedOf(issue) {
  const expected = issue.expected;
  if (!expected) return void 0;
  return expected.length > MAX_EXPECTED_LENGTH ? `${expected.slice(0, MAX_EXPECTED_LENGTH)}…` : expected;
}
function ruleReason(issue) {
  const expected = expectedOf(issue);
  const bound = typeof issue.requirement === "number" ? String(issue.requirement) : void 0;
  if (issue.kind === "schema") {
    if (issue.input === void 0) return "missing";
    if (issue.type === "picklist" || issue.type === "literal" || issue.type === "enum") return `not allowed: expected ${expected}`;
    return `invalid type: expected ${expected ?? issue.type}`;
  }
  switch (issue.type) {
    case "min_length":
      return `too short: at least ${bound ?? expected}`;
    case "max_length":
      return `too long: at most ${bound ?? expected}`;
    case "length":
      return `wrong length: exactly ${bound ?? expected}`;
    case "min_value":
      return `too small: at least ${bound ?? expected}`;
    case "max_value":
      return `too large: at most ${bound ?? expected}`;
    case "integer":
      return "not an integer";
    case "regex":
      return "wrong format";
    default:
      return expected === void 0 ? `invalid: ${issue.type}` : `invalid ${issue.type}: expected ${expected}`;
  }
}
function fieldOf(issue) {
  if (!issue.path?.length) return "(root)";
  return issue.path.map((item) => {
    if (item.type === "array" && typeof item.key === "number") return String(item.key);
    if (item.type === "object" && typeof item.key === "string" && SAFE_KEY.test(item.key)) return item.key;
    return "*";
  }).join(".");
}
function parseInput(schema, input) {
  const result = safeParse(schema, input, { abortPipeEarly: true, message: ruleReason });
  if (result.success) return result.output;
  const fields = [];
  for (const issue of result.issues) {
    const field = fieldOf(issue);
    if (fields.some((known) => known.field === field)) continue;
    if (fields.length === MAX_REPORTED_FIELDS) break;
    fields.push({ field, reason: issue.message });
  }
  const names = fields.map((f) => f.field).join(", ");
  throw new CloudError("PARAM_INVALID", `invalid parameter: ${names}`, { fields });
}
var MAX_REPORTED_FIELDS, MAX_EXPECTED_LENGTH, SAFE_KEY;
var init_validation = __esm({
  "cloud/shared/validation.ts"() {
    "use strict";
    init_dist();
    init_errors();
    MAX_REPORTED_FIELDS = 10;
    MAX_EXPECTED_LENGTH = 100;
    SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
  }
});

// cloud/shared/unicloud.ts
function getUniCloud() {
  return uniCloud;
}
var init_unicloud = __esm({
  "cloud/shared/unicloud.ts"() {
    "use strict";
  }
});

// cloud/shared/collections.ts
var COLLECTIONS;
var init_collections = __esm({
  "cloud/shared/collections.ts"() {
    "use strict";
    COLLECTIONS = {
      users: "wxkit-users",
      sessions: "wxkit-sessions",
      sessionKeys: "wxkit-session-keys",
      loginCodes: "wxkit-login-codes",
      credentials: "wxkit-credentials",
      rateLimits: "wxkit-rate-limits",
      products: "wxkit-products",
      orders: "wxkit-orders",
      refunds: "wxkit-refunds",
      deliveries: "wxkit-deliveries",
      files: "wxkit-files",
      reconciliations: "wxkit-reconciliations",
      billDiscrepancies: "wxkit-bill-discrepancies"
    };
  }
});

// cloud/catalog/catalog.ts
function toView(p) {
  return { productId: p._id, name: p.name, description: p.description, price: p.price, color: p.color };
}
async function listProducts(db) {
  const { data } = await db.collection(COLLECTION).where({ onSale: true }).orderBy("sort", "asc").limit(100).get();
  return data.map(toView);
}
async function getProduct(db, productId) {
  const { data } = await db.collection(COLLECTION).where({ _id: productId, onSale: true }).limit(1).get();
  if (!data[0]) throw new CloudError("PRODUCT_NOT_FOUND", "product not found");
  return toView(data[0]);
}
var COLLECTION;
var init_catalog = __esm({
  "cloud/catalog/catalog.ts"() {
    "use strict";
    init_errors();
    init_collections();
    COLLECTION = COLLECTIONS.products;
  }
});

// cloud/objects/shop/index.ts
var shop_exports = {};
__export(shop_exports, {
  default: () => shop_default
});
var GetProductInput, shop_default;
var init_shop = __esm({
  "cloud/objects/shop/index.ts"() {
    "use strict";
    init_dist();
    init_cloud_object();
    init_lifecycle();
    init_validation();
    init_unicloud();
    init_catalog();
    GetProductInput = object({ productId: pipe(string(), minLength(1), maxLength(64)) });
    shop_default = defineCloudObject({
      _after(error, result) {
        return normaliseAnswer("shop", this.getMethodName(), error, result);
      },
      /** Products on sale. */
      async listProducts() {
        return { products: await listProducts(getUniCloud().database()) };
      },
      /** One product by id. */
      async getProduct(input) {
        const { productId } = parseInput(GetProductInput, input);
        return { product: await getProduct(getUniCloud().database(), productId) };
      }
    });
  }
});

// cloud/objects/shop/shop-entry.js
module.exports = (init_shop(), __toCommonJS(shop_exports)).default;

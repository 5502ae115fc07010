// GENERATED FILE - do not edit. Source: cloud/objects/downloads/index.ts
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
function getDotPath(issue) {
  if (issue.path) {
    let key = "";
    for (const item of issue.path) if (typeof item.key === "string" || typeof item.key === "number") if (key) key += `.${item.key}`;
    else key += item.key;
    else return null;
    return key;
  }
  return null;
}
// @__NO_SIDE_EFFECTS__
function check(requirement, message$1) {
  return {
    kind: "validation",
    type: "check",
    reference: check,
    async: false,
    expects: null,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && !this.requirement(dataset.value)) _addIssue(this, "input", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function integer(message$1) {
  return {
    kind: "validation",
    type: "integer",
    reference: integer,
    async: false,
    expects: null,
    requirement: Number.isInteger,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && !this.requirement(dataset.value)) _addIssue(this, "integer", dataset, config$1);
      return dataset;
    }
  };
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
function minValue(requirement, message$1) {
  return {
    kind: "validation",
    type: "min_value",
    reference: minValue,
    async: false,
    expects: `>=${requirement instanceof Date ? requirement.toJSON() : /* @__PURE__ */ _stringify(requirement)}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && !(dataset.value >= this.requirement)) _addIssue(this, "value", dataset, config$1, { received: dataset.value instanceof Date ? dataset.value.toJSON() : /* @__PURE__ */ _stringify(dataset.value) });
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function _isPartiallyTyped(dataset, paths) {
  if (dataset.issues) for (const path of paths) for (const issue of dataset.issues) {
    let typed = false;
    const bound = Math.min(path.length, issue.path?.length ?? 0);
    for (let index = 0; index < bound; index++) if (path[index] !== issue.path[index].key && (path[index] !== "$" || issue.path[index].type !== "array")) {
      typed = true;
      break;
    }
    if (!typed) return false;
  }
  return true;
}
// @__NO_SIDE_EFFECTS__
function partialCheck(paths, requirement, message$1) {
  return {
    kind: "validation",
    type: "partial_check",
    reference: partialCheck,
    async: false,
    expects: null,
    paths,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if ((dataset.typed || /* @__PURE__ */ _isPartiallyTyped(dataset, paths)) && !this.requirement(dataset.value)) _addIssue(this, "input", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function regex(requirement, message$1) {
  return {
    kind: "validation",
    type: "regex",
    reference: regex,
    async: false,
    expects: `${requirement}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && !this.requirement.test(dataset.value)) _addIssue(this, "format", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function transform(operation) {
  return {
    kind: "transformation",
    type: "transform",
    reference: transform,
    async: false,
    operation,
    "~run"(dataset) {
      dataset.value = this.operation(dataset.value);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function getFallback(schema, dataset, config$1) {
  return typeof schema.fallback === "function" ? schema.fallback(dataset, config$1) : schema.fallback;
}
// @__NO_SIDE_EFFECTS__
function forward(action, path) {
  return {
    ...action,
    "~run"(dataset, config$1) {
      const prevIssues = dataset.issues && [...dataset.issues];
      dataset = action["~run"](dataset, config$1);
      if (dataset.issues) {
        for (const issue of dataset.issues) if (!prevIssues?.includes(issue)) {
          let pathInput = dataset.value;
          for (const key of path) {
            const pathValue = pathInput[key];
            const pathItem = {
              type: "unknown",
              origin: "value",
              input: pathInput,
              key,
              value: pathValue
            };
            if (issue.path) issue.path.push(pathItem);
            else issue.path = [pathItem];
            if (!pathValue) break;
            pathInput = pathValue;
          }
        }
      }
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function getDefault(schema, dataset, config$1) {
  return typeof schema.default === "function" ? schema.default(dataset, config$1) : schema.default;
}
// @__NO_SIDE_EFFECTS__
function array(item, message$1) {
  return _standardSchema({
    kind: "schema",
    type: "array",
    reference: array,
    expects: "Array",
    async: false,
    item,
    message: message$1,
    "~run"(dataset, config$1) {
      const input = dataset.value;
      if (Array.isArray(input)) {
        dataset.typed = true;
        dataset.value = [];
        for (let key = 0; key < input.length; key++) {
          const value$1 = input[key];
          const itemDataset = this.item["~run"]({ value: value$1 }, config$1);
          if (itemDataset.issues) {
            const pathItem = {
              type: "array",
              origin: "value",
              input,
              key,
              value: value$1
            };
            for (const issue of itemDataset.issues) {
              if (issue.path) issue.path.unshift(pathItem);
              else issue.path = [pathItem];
              dataset.issues?.push(issue);
            }
            if (!dataset.issues) dataset.issues = itemDataset.issues;
            if (config$1.abortEarly) {
              dataset.typed = false;
              break;
            }
          }
          if (!itemDataset.typed) dataset.typed = false;
          dataset.value.push(itemDataset.value);
        }
      } else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function boolean(message$1) {
  return _standardSchema({
    kind: "schema",
    type: "boolean",
    reference: boolean,
    expects: "boolean",
    async: false,
    message: message$1,
    "~run"(dataset, config$1) {
      if (typeof dataset.value === "boolean") dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function number(message$1) {
  return _standardSchema({
    kind: "schema",
    type: "number",
    reference: number,
    expects: "number",
    async: false,
    message: message$1,
    "~run"(dataset, config$1) {
      if (typeof dataset.value === "number" && !isNaN(dataset.value)) dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
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
function optional(wrapped, default_) {
  return _standardSchema({
    kind: "schema",
    type: "optional",
    reference: optional,
    expects: `(${wrapped.expects} | undefined)`,
    async: false,
    wrapped,
    default: default_,
    "~run"(dataset, config$1) {
      if (dataset.value === void 0) {
        if (this.default !== void 0) dataset.value = /* @__PURE__ */ getDefault(this, dataset, config$1);
        if (dataset.value === void 0) {
          dataset.typed = true;
          return dataset;
        }
      }
      return this.wrapped["~run"](dataset, config$1);
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
function kitTokenOf(context) {
  const params = context.getParams() ?? [];
  if (params.length < 2) return void 0;
  const auth = params[params.length - 1]?.wxkitAuth;
  return auth && typeof auth.token === "string" ? auth.token : void 0;
}
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
      constructor(code, message2, detail) {
        super(message2);
        this.name = "CloudError";
        this.code = code;
        this.detail = detail;
      }
    };
  }
});

// cloud/shared/config.ts
function isServerUrl(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
}
function hasNoQuery(value) {
  try {
    const url = new URL(value);
    return url.search === "" && url.hash === "";
  } catch {
    return false;
  }
}
function normalisePem(value) {
  return value.includes("\\n") ? value.replace(/\\n/g, "\n") : value;
}
function isRsaPrivateKeyPem(value) {
  try {
    return (0, import_node_crypto.createPrivateKey)(value).asymmetricKeyType === "rsa";
  } catch {
    return false;
  }
}
function isRsaPublicKeyPem(value) {
  try {
    return (0, import_node_crypto.createPublicKey)(value).asymmetricKeyType === "rsa";
  } catch {
    return false;
  }
}
function isBase64Of32Bytes(value) {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 && Buffer.from(value, "base64").length === 32;
}
function safeReason(issue) {
  if (issue.input === void 0) return "missing";
  if (/received/i.test(issue.message)) return "is invalid";
  return issue.message;
}
function loadConfig(raw, sections) {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new CloudError("CONFIG_INVALID", "config invalid: (root): must be an object", {
      fields: [{ field: "(root)", reason: "must be an object" }]
    });
  }
  const source = raw;
  const wanted = /* @__PURE__ */ new Set([...sections, "endpoints"]);
  const output = {};
  const issues = [];
  for (const section of wanted) {
    const result = safeParse(configSchemas[section], source[section], { abortPipeEarly: true });
    if (result.success) {
      output[section] = result.output;
      continue;
    }
    for (const issue of result.issues) {
      const path = getDotPath(issue);
      const field = path ? `${section}.${path}` : section;
      if (!issues.some((known) => known.field === field)) issues.push({ field, reason: safeReason(issue) });
    }
  }
  if (issues.length > 0) {
    const list = issues.map((issue) => `${issue.field}: ${issue.reason}`).join("; ");
    throw new CloudError("CONFIG_INVALID", `config invalid: ${list}`, { fields: issues });
  }
  return output;
}
function readConfigCenter(pluginId = "wxkit-login-pay") {
  if (!rawConfigs.has(pluginId)) {
    const raw = require("uni-config-center")({ pluginId }).config();
    rawConfigs.set(pluginId, raw);
  }
  return rawConfigs.get(pluginId);
}
function getConfig(sections, read = () => readConfigCenter()) {
  const key = [...sections].sort().join(",");
  let config = loadedConfigs.get(key);
  if (!config) {
    config = loadConfig(read(), sections);
    loadedConfigs.set(key, config);
  }
  return config;
}
var import_node_crypto, DEFAULT_ENDPOINTS, LOOPBACK_HOSTS, MUST_BE_STRING, MUST_BE_OBJECT, appId, appSecret, notifyUrl, endpointUrl, positiveInteger, ttlSeconds, appSection, tokenSection, sessionKeyEncryptionKeySection, wxpaySection, endpointsSection, fulfilmentSection, DEFAULT_ORDER_LIMITS, orderLimitsSection, operatorEntry, DEFAULT_MERCHANT_NAME, merchantSection, refundPolicySection, configSchemas, rawConfigs, loadedConfigs;
var init_config = __esm({
  "cloud/shared/config.ts"() {
    "use strict";
    import_node_crypto = require("node:crypto");
    init_dist();
    init_errors();
    DEFAULT_ENDPOINTS = {
      weixinApi: "https://api.weixin.qq.com",
      weixinOpen: "https://open.weixin.qq.com",
      wxpayApi: "https://api.mch.weixin.qq.com"
    };
    LOOPBACK_HOSTS = /* @__PURE__ */ new Set(["127.0.0.1", "localhost", "[::1]"]);
    MUST_BE_STRING = "must be a string";
    MUST_BE_OBJECT = "must be an object";
    appId = pipe(string(MUST_BE_STRING), regex(/^wx[0-9A-Za-z]{16}$/, 'must be "wx" followed by 16 letters or digits'));
    appSecret = pipe(string(MUST_BE_STRING), regex(/^[0-9A-Za-z]{32}$/, "must be 32 letters or digits"));
    notifyUrl = pipe(
      string(MUST_BE_STRING),
      check(isServerUrl, "must be an https URL (http only for localhost or 127.0.0.1)"),
      check(hasNoQuery, "must not carry a query or fragment"),
      maxLength(255, "must be at most 255 characters")
    );
    endpointUrl = pipe(
      string(MUST_BE_STRING),
      check(isServerUrl, "must be an https URL (http only for localhost or 127.0.0.1)"),
      transform((value) => value.replace(/\/+$/, ""))
    );
    positiveInteger = pipe(number("must be a number"), integer("must be an integer"), minValue(1, "must be positive"));
    ttlSeconds = positiveInteger;
    appSection = object({ appId, appSecret }, MUST_BE_OBJECT);
    tokenSection = pipe(
      object(
        {
          secret: pipe(
            string(MUST_BE_STRING),
            minLength(32, "must be at least 32 characters"),
            // Random secrets have no spaces; the example's placeholder sentence does, and it is public.
            regex(/^\S+$/, "must not contain whitespace (replace the example text with random characters)")
          ),
          accessTtlSeconds: optional(ttlSeconds, 7200),
          refreshTtlSeconds: optional(ttlSeconds, 2592e3)
        },
        MUST_BE_OBJECT
      ),
      forward(
        partialCheck(
          [["accessTtlSeconds"], ["refreshTtlSeconds"]],
          (token) => token.refreshTtlSeconds > token.accessTtlSeconds,
          "must be longer than accessTtlSeconds"
        ),
        ["refreshTtlSeconds"]
      )
    );
    sessionKeyEncryptionKeySection = pipe(string(MUST_BE_STRING), check(isBase64Of32Bytes, "must be base64 of 32 bytes"));
    wxpaySection = pipe(
      object(
        {
          mchId: pipe(string(MUST_BE_STRING), regex(/^[0-9]{6,32}$/, "must be the digits of the merchant id")),
          appId,
          // AES-256 needs exactly 32 bytes; WeChat Pay's key is 32 ASCII characters.
          apiV3Key: pipe(
            string(MUST_BE_STRING),
            check((key) => Buffer.byteLength(key, "utf8") === 32, "must be 32 characters")
          ),
          merchantSerialNo: pipe(
            string(MUST_BE_STRING),
            regex(/^[0-9A-Fa-f]{8,64}$/, "must be the hex serial number of the merchant certificate")
          ),
          merchantPrivateKey: pipe(
            string(MUST_BE_STRING),
            transform(normalisePem),
            check(isRsaPrivateKeyPem, "must be an RSA private key in PEM")
          ),
          publicKeyId: optional(
            pipe(string(MUST_BE_STRING), regex(/^PUB_KEY_ID_[0-9A-Za-z]+$/, "must look like PUB_KEY_ID_…"))
          ),
          publicKey: optional(
            pipe(string(MUST_BE_STRING), transform(normalisePem), check(isRsaPublicKeyPem, "must be an RSA public key in PEM"))
          ),
          notifyUrl,
          refundNotifyUrl: optional(notifyUrl)
        },
        MUST_BE_OBJECT
      ),
      forward(
        partialCheck(
          [["publicKeyId"], ["publicKey"]],
          (wxpay) => wxpay.publicKeyId === void 0 || wxpay.publicKey !== void 0,
          "missing (required when publicKeyId is set)"
        ),
        ["publicKey"]
      ),
      forward(
        partialCheck(
          [["publicKeyId"], ["publicKey"]],
          (wxpay) => wxpay.publicKey === void 0 || wxpay.publicKeyId !== void 0,
          "missing (required when publicKey is set)"
        ),
        ["publicKeyId"]
      )
    );
    endpointsSection = optional(
      object(
        {
          weixinApi: optional(endpointUrl, DEFAULT_ENDPOINTS.weixinApi),
          weixinOpen: optional(endpointUrl, DEFAULT_ENDPOINTS.weixinOpen),
          wxpayApi: optional(endpointUrl, DEFAULT_ENDPOINTS.wxpayApi)
        },
        MUST_BE_OBJECT
      ),
      {}
    );
    fulfilmentSection = optional(
      object(
        {
          cloudObject: pipe(string(MUST_BE_STRING), regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a cloud object name")),
          method: optional(pipe(string(MUST_BE_STRING), regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "must be a method name (no leading _)")), "fulfil")
        },
        MUST_BE_OBJECT
      )
    );
    DEFAULT_ORDER_LIMITS = { maxUnpaidPerUser: 10, createPerUserPerMinute: 10 };
    orderLimitsSection = optional(
      object(
        {
          /** Open unpaid orders (NOTPAY, not yet expired) a user may have: TOO_MANY_UNPAID_ORDERS beyond. */
          maxUnpaidPerUser: optional(positiveInteger, DEFAULT_ORDER_LIMITS.maxUnpaidPerUser),
          /** Orders a user may create per minute: RATE_LIMITED beyond. */
          createPerUserPerMinute: optional(positiveInteger, DEFAULT_ORDER_LIMITS.createPerUserPerMinute)
        },
        MUST_BE_OBJECT
      ),
      {}
    );
    operatorEntry = pipe(
      object(
        {
          appid: optional(appId),
          openid: optional(pipe(string(MUST_BE_STRING), regex(/^[0-9A-Za-z_-]{6,64}$/, "must be an openid"))),
          userId: optional(pipe(string(MUST_BE_STRING), regex(/^[0-9A-Za-z_-]{6,64}$/, "must be a user id"))),
          name: optional(pipe(string(MUST_BE_STRING), maxLength(32, "must be at most 32 characters")))
        },
        MUST_BE_OBJECT
      ),
      check((entry) => !!entry.userId || !!entry.appid && !!entry.openid, "needs userId, or appid and openid")
    );
    DEFAULT_MERCHANT_NAME = "uni-wx-kit";
    merchantSection = optional(
      object(
        {
          name: optional(
            pipe(
              string(MUST_BE_STRING),
              transform((name) => name.trim()),
              minLength(1, "must not be empty"),
              maxLength(40, "must be at most 40 characters")
            ),
            DEFAULT_MERCHANT_NAME
          ),
          operators: optional(pipe(array(operatorEntry, "must be a list"), maxLength(50, "at most 50 operators")), [])
        },
        MUST_BE_OBJECT
      ),
      { name: DEFAULT_MERCHANT_NAME, operators: [] }
    );
    refundPolicySection = optional(
      object(
        {
          autoApprove: optional(
            object(
              {
                unfulfilledOnly: optional(boolean("must be true or false")),
                maxAmount: optional(pipe(number("must be a number"), integer("must be an integer"), minValue(1, "must be positive")))
              },
              MUST_BE_OBJECT
            )
          )
        },
        MUST_BE_OBJECT
      ),
      {}
    );
    configSchemas = {
      mp: appSection,
      officialAccount: appSection,
      website: appSection,
      token: tokenSection,
      sessionKeyEncryptionKey: sessionKeyEncryptionKeySection,
      wxpay: wxpaySection,
      endpoints: endpointsSection,
      fulfilment: fulfilmentSection,
      orderLimits: orderLimitsSection,
      merchant: merchantSection,
      refundPolicy: refundPolicySection
    };
    rawConfigs = /* @__PURE__ */ new Map();
    loadedConfigs = /* @__PURE__ */ new Map();
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

// cloud/shared/unicloud.ts
function getUniCloud() {
  return uniCloud;
}
var init_unicloud = __esm({
  "cloud/shared/unicloud.ts"() {
    "use strict";
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
function toView(p2) {
  return { productId: p2._id, name: p2.name, description: p2.description, price: p2.price, color: p2.color };
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

// cloud/shared/env.ts
var import_node_crypto2, systemEnv;
var init_env = __esm({
  "cloud/shared/env.ts"() {
    "use strict";
    import_node_crypto2 = require("node:crypto");
    systemEnv = {
      now: () => Date.now(),
      randomBytes: (n) => new Uint8Array((0, import_node_crypto2.randomBytes)(n)),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
    };
  }
});

// cloud/files/cloud-store.ts
function cloudFileStore() {
  const uniCloud2 = getUniCloud();
  return {
    async upload(cloudPath, content) {
      return (await uniCloud2.uploadFile({ cloudPath, fileContent: content })).fileID;
    },
    async tempUrl(fileID) {
      const { fileList } = await uniCloud2.getTempFileURL({ fileList: [fileID] });
      return fileList[0]?.tempFileURL ?? "";
    },
    async remove(fileID) {
      await uniCloud2.deleteFile({ fileList: [fileID] });
    }
  };
}
var init_cloud_store = __esm({
  "cloud/files/cloud-store.ts"() {
    "use strict";
    init_unicloud();
  }
});

// cloud/shared/database.ts
function isDuplicateKeyError(error) {
  const e = error;
  return !!e && (e.code === 11e3 || /E11000|duplicate key/i.test(String(e.message ?? "")));
}
var init_database = __esm({
  "cloud/shared/database.ts"() {
    "use strict";
  }
});

// cloud/files/generated-files.ts
async function ensureGeneratedFile(deps, spec) {
  const files = deps.db.collection(GENERATED_FILES);
  for (let round = 0; round < 3; round++) {
    const { data } = await files.doc(spec.key).get();
    const known = data[0];
    if (known) {
      const url2 = await deps.store.tempUrl(known.fileID);
      if (url2) return { url: url2, bytes: known.bytes };
      await files.where({ _id: spec.key, fileID: known.fileID }).remove();
    }
    const content = await spec.generate();
    const fileID = await deps.store.upload(spec.cloudPath, content);
    try {
      await files.add({
        _id: spec.key,
        fileID,
        kind: spec.kind,
        ...spec.ownerId ? { ownerId: spec.ownerId } : {},
        bytes: content.length,
        createdAt: deps.env.now()
      });
    } catch (error) {
      await deps.store.remove(fileID).catch(() => void 0);
      if (!isDuplicateKeyError(error)) throw error;
      continue;
    }
    const url = await deps.store.tempUrl(fileID);
    if (!url) break;
    return { url, bytes: content.length };
  }
  throw new CloudError("INTERNAL_ERROR", "file could not be stored");
}
var GENERATED_FILES;
var init_generated_files = __esm({
  "cloud/files/generated-files.ts"() {
    "use strict";
    init_database();
    init_errors();
    init_collections();
    GENERATED_FILES = COLLECTIONS.files;
  }
});

// node_modules/uqr/dist/index.mjs
function appendBits(val, len, bb) {
  if (len < 0 || len > 31 || val >>> len !== 0)
    throw new RangeError("Value out of range");
  for (let i = len - 1; i >= 0; i--)
    bb.push(val >>> i & 1);
}
function getBit(x, i) {
  return (x >>> i & 1) !== 0;
}
function numCharCountBits(mode, ver) {
  return mode[Math.floor((ver + 7) / 17) + 1];
}
function makeBytes(data) {
  const bb = [];
  for (const b of data)
    appendBits(b, 8, bb);
  return new QrSegment(MODE_BYTE, data.length, bb);
}
function makeNumeric(digits) {
  if (!isNumeric(digits))
    throw new RangeError("String contains non-numeric characters");
  const bb = [];
  for (let i = 0; i < digits.length; ) {
    const n = Math.min(digits.length - i, 3);
    appendBits(Number.parseInt(digits.substring(i, i + n), 10), n * 3 + 1, bb);
    i += n;
  }
  return new QrSegment(MODE_NUMERIC, digits.length, bb);
}
function makeAlphanumeric(text) {
  if (!isAlphanumeric(text))
    throw new RangeError("String contains unencodable characters in alphanumeric mode");
  const bb = [];
  let i;
  for (i = 0; i + 2 <= text.length; i += 2) {
    let temp = ALPHANUMERIC_CHARSET.indexOf(text.charAt(i)) * 45;
    temp += ALPHANUMERIC_CHARSET.indexOf(text.charAt(i + 1));
    appendBits(temp, 11, bb);
  }
  if (i < text.length)
    appendBits(ALPHANUMERIC_CHARSET.indexOf(text.charAt(i)), 6, bb);
  return new QrSegment(MODE_ALPHANUMERIC, text.length, bb);
}
function makeSegments(text) {
  if (text === "")
    return [];
  else if (isNumeric(text))
    return [makeNumeric(text)];
  else if (isAlphanumeric(text))
    return [makeAlphanumeric(text)];
  else
    return [makeBytes(toUtf8ByteArray(text))];
}
function isNumeric(text) {
  return NUMERIC_REGEX.test(text);
}
function isAlphanumeric(text) {
  return ALPHANUMERIC_REGEX.test(text);
}
function getTotalBits(segs, version) {
  let result = 0;
  for (const seg of segs) {
    const ccbits = numCharCountBits(seg.mode, version);
    if (seg.numChars >= 1 << ccbits)
      return Number.POSITIVE_INFINITY;
    result += 4 + ccbits + seg.bitData.length;
  }
  return result;
}
function toUtf8ByteArray(str) {
  str = encodeURI(str);
  const result = [];
  for (let i = 0; i < str.length; i++) {
    if (str.charAt(i) !== "%") {
      result.push(str.charCodeAt(i));
    } else {
      result.push(Number.parseInt(str.substring(i + 1, i + 3), 16));
      i += 2;
    }
  }
  return result;
}
function getNumRawDataModules(ver) {
  if (ver < MIN_VERSION || ver > MAX_VERSION)
    throw new RangeError("Version number out of range");
  let result = (16 * ver + 128) * ver + 64;
  if (ver >= 2) {
    const numAlign = Math.floor(ver / 7) + 2;
    result -= (25 * numAlign - 10) * numAlign - 55;
    if (ver >= 7)
      result -= 36;
  }
  return result;
}
function getNumDataCodewords(ver, ecl) {
  return Math.floor(getNumRawDataModules(ver) / 8) - ECC_CODEWORDS_PER_BLOCK[ecl[0]][ver] * NUM_ERROR_CORRECTION_BLOCKS[ecl[0]][ver];
}
function reedSolomonComputeDivisor(degree) {
  if (degree < 1 || degree > 255)
    throw new RangeError("Degree out of range");
  const result = [];
  for (let i = 0; i < degree - 1; i++)
    result.push(0);
  result.push(1);
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < result.length; j++) {
      result[j] = reedSolomonMultiply(result[j], root);
      if (j + 1 < result.length)
        result[j] ^= result[j + 1];
    }
    root = reedSolomonMultiply(root, 2);
  }
  return result;
}
function reedSolomonComputeRemainder(data, divisor) {
  const result = divisor.map((_) => 0);
  for (const b of data) {
    const factor = b ^ result.shift();
    result.push(0);
    divisor.forEach((coef, i) => result[i] ^= reedSolomonMultiply(coef, factor));
  }
  return result;
}
function reedSolomonMultiply(x, y) {
  if (x >>> 8 !== 0 || y >>> 8 !== 0)
    throw new RangeError("Byte out of range");
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = z << 1 ^ (z >>> 7) * 285;
    z ^= (y >>> i & 1) * x;
  }
  return z;
}
function encodeSegments(segs, ecl, minVersion = 1, maxVersion = 40, mask = -1, boostEcl = true) {
  if (!(MIN_VERSION <= minVersion && minVersion <= maxVersion && maxVersion <= MAX_VERSION) || mask < -1 || mask > 7) {
    throw new RangeError("Invalid value");
  }
  let version;
  let dataUsedBits;
  for (version = minVersion; ; version++) {
    const dataCapacityBits2 = getNumDataCodewords(version, ecl) * 8;
    const usedBits = getTotalBits(segs, version);
    if (usedBits <= dataCapacityBits2) {
      dataUsedBits = usedBits;
      break;
    }
    if (version >= maxVersion)
      throw new RangeError("Data too long");
  }
  for (const newEcl of [MEDIUM, QUARTILE, HIGH]) {
    if (boostEcl && dataUsedBits <= getNumDataCodewords(version, newEcl) * 8)
      ecl = newEcl;
  }
  const bb = [];
  for (const seg of segs) {
    appendBits(seg.mode[0], 4, bb);
    appendBits(seg.numChars, numCharCountBits(seg.mode, version), bb);
    for (const b of seg.getData())
      bb.push(b);
  }
  const dataCapacityBits = getNumDataCodewords(version, ecl) * 8;
  appendBits(0, Math.min(4, dataCapacityBits - bb.length), bb);
  appendBits(0, (8 - bb.length % 8) % 8, bb);
  for (let padByte = 236; bb.length < dataCapacityBits; padByte ^= 236 ^ 17)
    appendBits(padByte, 8, bb);
  const dataCodewords = Array.from({ length: Math.ceil(bb.length / 8) }, () => 0);
  bb.forEach((b, i) => dataCodewords[i >>> 3] |= b << 7 - (i & 7));
  return new QrCode(version, ecl, dataCodewords, mask);
}
function encode(data, options) {
  const {
    ecc = "L",
    boostEcc = false,
    minVersion = 1,
    maxVersion = 40,
    maskPattern = -1,
    border = 1
  } = options || {};
  const segment = typeof data === "string" ? makeSegments(data) : Array.isArray(data) ? [makeBytes(data)] : void 0;
  if (!segment)
    throw new Error(`uqr only supports encoding string and binary data, but got: ${typeof data}`);
  const qr = encodeSegments(
    segment,
    EccMap[ecc],
    minVersion,
    maxVersion,
    maskPattern,
    boostEcc
  );
  const result = addBorder({
    version: qr.version,
    maskPattern: qr.mask,
    size: qr.size,
    data: qr.modules,
    types: qr.types
  }, border);
  if (options?.invert)
    result.data = result.data.map((row) => row.map((mod) => !mod));
  options?.onEncoded?.(result);
  return result;
}
function addBorder(input, border = 1) {
  if (!border)
    return input;
  const { size } = input;
  const newSize = size + border * 2;
  input.size = newSize;
  input.data.forEach((row) => {
    for (let i = 0; i < border; i++) {
      row.unshift(false);
      row.push(false);
    }
  });
  for (let i = 0; i < border; i++) {
    input.data.unshift(Array.from({ length: newSize }, (_) => false));
    input.data.push(Array.from({ length: newSize }, (_) => false));
  }
  const b = QrCodeDataType.Border;
  input.types.forEach((row) => {
    for (let i = 0; i < border; i++) {
      row.unshift(b);
      row.push(b);
    }
  });
  for (let i = 0; i < border; i++) {
    input.types.unshift(Array.from({ length: newSize }, (_) => b));
    input.types.push(Array.from({ length: newSize }, (_) => b));
  }
  return input;
}
var QrCodeDataType, LOW, MEDIUM, QUARTILE, HIGH, EccMap, NUMERIC_REGEX, ALPHANUMERIC_REGEX, ALPHANUMERIC_CHARSET, MIN_VERSION, MAX_VERSION, PENALTY_N1, PENALTY_N2, PENALTY_N3, PENALTY_N4, ECC_CODEWORDS_PER_BLOCK, NUM_ERROR_CORRECTION_BLOCKS, QrCode, QrSegment, MODE_NUMERIC, MODE_ALPHANUMERIC, MODE_BYTE;
var init_dist2 = __esm({
  "node_modules/uqr/dist/index.mjs"() {
    QrCodeDataType = /* @__PURE__ */ ((QrCodeDataType2) => {
      QrCodeDataType2[QrCodeDataType2["Border"] = -1] = "Border";
      QrCodeDataType2[QrCodeDataType2["Data"] = 0] = "Data";
      QrCodeDataType2[QrCodeDataType2["Function"] = 1] = "Function";
      QrCodeDataType2[QrCodeDataType2["Position"] = 2] = "Position";
      QrCodeDataType2[QrCodeDataType2["Timing"] = 3] = "Timing";
      QrCodeDataType2[QrCodeDataType2["Alignment"] = 4] = "Alignment";
      return QrCodeDataType2;
    })(QrCodeDataType || {});
    LOW = [0, 1];
    MEDIUM = [1, 0];
    QUARTILE = [2, 3];
    HIGH = [3, 2];
    EccMap = {
      L: LOW,
      M: MEDIUM,
      Q: QUARTILE,
      H: HIGH
    };
    NUMERIC_REGEX = /^\d*$/;
    ALPHANUMERIC_REGEX = /^[A-Z0-9 $%*+./:-]*$/;
    ALPHANUMERIC_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    MIN_VERSION = 1;
    MAX_VERSION = 40;
    PENALTY_N1 = 3;
    PENALTY_N2 = 3;
    PENALTY_N3 = 40;
    PENALTY_N4 = 10;
    ECC_CODEWORDS_PER_BLOCK = [
      // Version: (note that index 0 is for padding, and is set to an illegal value)
      // 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40    Error correction level
      [-1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
      // Low
      [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
      // Medium
      [-1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
      // Quartile
      [-1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30]
      // High
    ];
    NUM_ERROR_CORRECTION_BLOCKS = [
      // Version: (note that index 0 is for padding, and is set to an illegal value)
      // 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40    Error correction level
      [-1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
      // Low
      [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
      // Medium
      [-1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
      // Quartile
      [-1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81]
      // High
    ];
    QrCode = class {
      /* -- Constructor (low level) and fields -- */
      // Creates a new QR Code with the given version number,
      // error correction level, data codeword bytes, and mask number.
      // This is a low-level API that most users should not use directly.
      // A mid-level API is the encodeSegments() function.
      constructor(version, ecc, dataCodewords, msk) {
        this.version = version;
        this.ecc = ecc;
        if (version < MIN_VERSION || version > MAX_VERSION)
          throw new RangeError("Version value out of range");
        if (msk < -1 || msk > 7)
          throw new RangeError("Mask value out of range");
        this.size = version * 4 + 17;
        const row = Array.from({ length: this.size }).fill(false);
        for (let i = 0; i < this.size; i++) {
          this.modules.push(row.slice());
          this.types.push(row.map(() => 0));
        }
        this.drawFunctionPatterns();
        const allCodewords = this.addEccAndInterleave(dataCodewords);
        this.drawCodewords(allCodewords);
        if (msk === -1) {
          let minPenalty = 1e9;
          for (let i = 0; i < 8; i++) {
            this.applyMask(i);
            this.drawFormatBits(i);
            const penalty = this.getPenaltyScore();
            if (penalty < minPenalty) {
              msk = i;
              minPenalty = penalty;
            }
            this.applyMask(i);
          }
        }
        this.mask = msk;
        this.applyMask(msk);
        this.drawFormatBits(msk);
      }
      /* -- Fields -- */
      // The width and height of this QR Code, measured in modules, between
      // 21 and 177 (inclusive). This is equal to version * 4 + 17.
      size;
      // The index of the mask pattern used in this QR Code, which is between 0 and 7 (inclusive).
      // Even if a QR Code is created with automatic masking requested (mask = -1),
      // the resulting object still has a mask value between 0 and 7.
      mask;
      // The modules of this QR Code (false = light, true = dark).
      // Immutable after constructor finishes. Accessed through getModule().
      modules = [];
      types = [];
      /* -- Accessor methods -- */
      // Returns the color of the module (pixel) at the given coordinates, which is false
      // for light or true for dark. The top left corner has the coordinates (x=0, y=0).
      // If the given coordinates are out of bounds, then false (light) is returned.
      getModule(x, y) {
        return x >= 0 && x < this.size && y >= 0 && y < this.size && this.modules[y][x];
      }
      /* -- Private helper methods for constructor: Drawing function modules -- */
      // Reads this object's version field, and draws and marks all function modules.
      drawFunctionPatterns() {
        for (let i = 0; i < this.size; i++) {
          this.setFunctionModule(6, i, i % 2 === 0, QrCodeDataType.Timing);
          this.setFunctionModule(i, 6, i % 2 === 0, QrCodeDataType.Timing);
        }
        this.drawFinderPattern(3, 3);
        this.drawFinderPattern(this.size - 4, 3);
        this.drawFinderPattern(3, this.size - 4);
        const alignPatPos = this.getAlignmentPatternPositions();
        const numAlign = alignPatPos.length;
        for (let i = 0; i < numAlign; i++) {
          for (let j = 0; j < numAlign; j++) {
            if (!(i === 0 && j === 0 || i === 0 && j === numAlign - 1 || i === numAlign - 1 && j === 0))
              this.drawAlignmentPattern(alignPatPos[i], alignPatPos[j]);
          }
        }
        this.drawFormatBits(0);
        this.drawVersion();
      }
      // Draws two copies of the format bits (with its own error correction code)
      // based on the given mask and this object's error correction level field.
      drawFormatBits(mask) {
        const data = this.ecc[1] << 3 | mask;
        let rem = data;
        for (let i = 0; i < 10; i++)
          rem = rem << 1 ^ (rem >>> 9) * 1335;
        const bits = (data << 10 | rem) ^ 21522;
        for (let i = 0; i <= 5; i++)
          this.setFunctionModule(8, i, getBit(bits, i));
        this.setFunctionModule(8, 7, getBit(bits, 6));
        this.setFunctionModule(8, 8, getBit(bits, 7));
        this.setFunctionModule(7, 8, getBit(bits, 8));
        for (let i = 9; i < 15; i++)
          this.setFunctionModule(14 - i, 8, getBit(bits, i));
        for (let i = 0; i < 8; i++)
          this.setFunctionModule(this.size - 1 - i, 8, getBit(bits, i));
        for (let i = 8; i < 15; i++)
          this.setFunctionModule(8, this.size - 15 + i, getBit(bits, i));
        this.setFunctionModule(8, this.size - 8, true);
      }
      // Draws two copies of the version bits (with its own error correction code),
      // based on this object's version field, iff 7 <= version <= 40.
      drawVersion() {
        if (this.version < 7)
          return;
        let rem = this.version;
        for (let i = 0; i < 12; i++)
          rem = rem << 1 ^ (rem >>> 11) * 7973;
        const bits = this.version << 12 | rem;
        for (let i = 0; i < 18; i++) {
          const color = getBit(bits, i);
          const a = this.size - 11 + i % 3;
          const b = Math.floor(i / 3);
          this.setFunctionModule(a, b, color);
          this.setFunctionModule(b, a, color);
        }
      }
      // Draws a 9*9 finder pattern including the border separator,
      // with the center module at (x, y). Modules can be out of bounds.
      drawFinderPattern(x, y) {
        for (let dy = -4; dy <= 4; dy++) {
          for (let dx = -4; dx <= 4; dx++) {
            const dist = Math.max(Math.abs(dx), Math.abs(dy));
            const xx = x + dx;
            const yy = y + dy;
            if (xx >= 0 && xx < this.size && yy >= 0 && yy < this.size)
              this.setFunctionModule(xx, yy, dist !== 2 && dist !== 4, QrCodeDataType.Position);
          }
        }
      }
      // Draws a 5*5 alignment pattern, with the center module
      // at (x, y). All modules must be in bounds.
      drawAlignmentPattern(x, y) {
        for (let dy = -2; dy <= 2; dy++) {
          for (let dx = -2; dx <= 2; dx++) {
            this.setFunctionModule(
              x + dx,
              y + dy,
              Math.max(Math.abs(dx), Math.abs(dy)) !== 1,
              QrCodeDataType.Alignment
            );
          }
        }
      }
      // Sets the color of a module and marks it as a function module.
      // Only used by the constructor. Coordinates must be in bounds.
      setFunctionModule(x, y, isDark, type = QrCodeDataType.Function) {
        this.modules[y][x] = isDark;
        this.types[y][x] = type;
      }
      /* -- Private helper methods for constructor: Codewords and masking -- */
      // Returns a new byte string representing the given data with the appropriate error correction
      // codewords appended to it, based on this object's version and error correction level.
      addEccAndInterleave(data) {
        const ver = this.version;
        const ecl = this.ecc;
        if (data.length !== getNumDataCodewords(ver, ecl))
          throw new RangeError("Invalid argument");
        const numBlocks = NUM_ERROR_CORRECTION_BLOCKS[ecl[0]][ver];
        const blockEccLen = ECC_CODEWORDS_PER_BLOCK[ecl[0]][ver];
        const rawCodewords = Math.floor(getNumRawDataModules(ver) / 8);
        const numShortBlocks = numBlocks - rawCodewords % numBlocks;
        const shortBlockLen = Math.floor(rawCodewords / numBlocks);
        const blocks = [];
        const rsDiv = reedSolomonComputeDivisor(blockEccLen);
        for (let i = 0, k = 0; i < numBlocks; i++) {
          const dat = data.slice(k, k + shortBlockLen - blockEccLen + (i < numShortBlocks ? 0 : 1));
          k += dat.length;
          const ecc = reedSolomonComputeRemainder(dat, rsDiv);
          if (i < numShortBlocks)
            dat.push(0);
          blocks.push(dat.concat(ecc));
        }
        const result = [];
        for (let i = 0; i < blocks[0].length; i++) {
          blocks.forEach((block, j) => {
            if (i !== shortBlockLen - blockEccLen || j >= numShortBlocks)
              result.push(block[i]);
          });
        }
        return result;
      }
      // Draws the given sequence of 8-bit codewords (data and error correction) onto the entire
      // data area of this QR Code. Function modules need to be marked off before this is called.
      drawCodewords(data) {
        if (data.length !== Math.floor(getNumRawDataModules(this.version) / 8))
          throw new RangeError("Invalid argument");
        let i = 0;
        for (let right = this.size - 1; right >= 1; right -= 2) {
          if (right === 6)
            right = 5;
          for (let vert = 0; vert < this.size; vert++) {
            for (let j = 0; j < 2; j++) {
              const x = right - j;
              const upward = (right + 1 & 2) === 0;
              const y = upward ? this.size - 1 - vert : vert;
              if (!this.types[y][x] && i < data.length * 8) {
                this.modules[y][x] = getBit(data[i >>> 3], 7 - (i & 7));
                i++;
              }
            }
          }
        }
      }
      // XORs the codeword modules in this QR Code with the given mask pattern.
      // The function modules must be marked and the codeword bits must be drawn
      // before masking. Due to the arithmetic of XOR, calling applyMask() with
      // the same mask value a second time will undo the mask. A final well-formed
      // QR Code needs exactly one (not zero, two, etc.) mask applied.
      applyMask(mask) {
        if (mask < 0 || mask > 7)
          throw new RangeError("Mask value out of range");
        for (let y = 0; y < this.size; y++) {
          for (let x = 0; x < this.size; x++) {
            let invert;
            switch (mask) {
              case 0:
                invert = (x + y) % 2 === 0;
                break;
              case 1:
                invert = y % 2 === 0;
                break;
              case 2:
                invert = x % 3 === 0;
                break;
              case 3:
                invert = (x + y) % 3 === 0;
                break;
              case 4:
                invert = (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0;
                break;
              case 5:
                invert = x * y % 2 + x * y % 3 === 0;
                break;
              case 6:
                invert = (x * y % 2 + x * y % 3) % 2 === 0;
                break;
              case 7:
                invert = ((x + y) % 2 + x * y % 3) % 2 === 0;
                break;
              default:
                throw new Error("Unreachable");
            }
            if (!this.types[y][x] && invert)
              this.modules[y][x] = !this.modules[y][x];
          }
        }
      }
      // Calculates and returns the penalty score based on state of this QR Code's current modules.
      // This is used by the automatic mask choice algorithm to find the mask pattern that yields the lowest score.
      getPenaltyScore() {
        let result = 0;
        for (let y = 0; y < this.size; y++) {
          let runColor = false;
          let runX = 0;
          const runHistory = [0, 0, 0, 0, 0, 0, 0];
          for (let x = 0; x < this.size; x++) {
            if (this.modules[y][x] === runColor) {
              runX++;
              if (runX === 5)
                result += PENALTY_N1;
              else if (runX > 5)
                result++;
            } else {
              this.finderPenaltyAddHistory(runX, runHistory);
              if (!runColor)
                result += this.finderPenaltyCountPatterns(runHistory) * PENALTY_N3;
              runColor = this.modules[y][x];
              runX = 1;
            }
          }
          result += this.finderPenaltyTerminateAndCount(runColor, runX, runHistory) * PENALTY_N3;
        }
        for (let x = 0; x < this.size; x++) {
          let runColor = false;
          let runY = 0;
          const runHistory = [0, 0, 0, 0, 0, 0, 0];
          for (let y = 0; y < this.size; y++) {
            if (this.modules[y][x] === runColor) {
              runY++;
              if (runY === 5)
                result += PENALTY_N1;
              else if (runY > 5)
                result++;
            } else {
              this.finderPenaltyAddHistory(runY, runHistory);
              if (!runColor)
                result += this.finderPenaltyCountPatterns(runHistory) * PENALTY_N3;
              runColor = this.modules[y][x];
              runY = 1;
            }
          }
          result += this.finderPenaltyTerminateAndCount(runColor, runY, runHistory) * PENALTY_N3;
        }
        for (let y = 0; y < this.size - 1; y++) {
          for (let x = 0; x < this.size - 1; x++) {
            const color = this.modules[y][x];
            if (color === this.modules[y][x + 1] && color === this.modules[y + 1][x] && color === this.modules[y + 1][x + 1]) {
              result += PENALTY_N2;
            }
          }
        }
        let dark = 0;
        for (const row of this.modules)
          dark = row.reduce((sum, color) => sum + (color ? 1 : 0), dark);
        const total = this.size * this.size;
        const k = Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1;
        result += k * PENALTY_N4;
        return result;
      }
      /* -- Private helper functions -- */
      // Returns an ascending list of positions of alignment patterns for this version number.
      // Each position is in the range [0,177), and are used on both the x and y axes.
      // This could be implemented as lookup table of 40 variable-length lists of integers.
      getAlignmentPatternPositions() {
        if (this.version === 1) {
          return [];
        } else {
          const numAlign = Math.floor(this.version / 7) + 2;
          const step = this.version === 32 ? 26 : Math.ceil((this.version * 4 + 4) / (numAlign * 2 - 2)) * 2;
          const result = [6];
          for (let pos = this.size - 7; result.length < numAlign; pos -= step)
            result.splice(1, 0, pos);
          return result;
        }
      }
      // Can only be called immediately after a light run is added, and
      // returns either 0, 1, or 2. A helper function for getPenaltyScore().
      finderPenaltyCountPatterns(runHistory) {
        const n = runHistory[1];
        const core = n > 0 && runHistory[2] === n && runHistory[3] === n * 3 && runHistory[4] === n && runHistory[5] === n;
        return (core && runHistory[0] >= n * 4 && runHistory[6] >= n ? 1 : 0) + (core && runHistory[6] >= n * 4 && runHistory[0] >= n ? 1 : 0);
      }
      // Must be called at the end of a line (row or column) of modules. A helper function for getPenaltyScore().
      finderPenaltyTerminateAndCount(currentRunColor, currentRunLength, runHistory) {
        if (currentRunColor) {
          this.finderPenaltyAddHistory(currentRunLength, runHistory);
          currentRunLength = 0;
        }
        currentRunLength += this.size;
        this.finderPenaltyAddHistory(currentRunLength, runHistory);
        return this.finderPenaltyCountPatterns(runHistory);
      }
      // Pushes the given value to the front and drops the last value. A helper function for getPenaltyScore().
      finderPenaltyAddHistory(currentRunLength, runHistory) {
        if (runHistory[0] === 0)
          currentRunLength += this.size;
        runHistory.pop();
        runHistory.unshift(currentRunLength);
      }
    };
    QrSegment = class {
      // Creates a new QR Code segment with the given attributes and data.
      // The character count (numChars) must agree with the mode and the bit buffer length,
      // but the constraint isn't checked. The given bit buffer is cloned and stored.
      constructor(mode, numChars, bitData) {
        this.mode = mode;
        this.numChars = numChars;
        this.bitData = bitData;
        if (numChars < 0)
          throw new RangeError("Invalid argument");
        this.bitData = bitData.slice();
      }
      /* -- Methods -- */
      // Returns a new copy of the data bits of this segment.
      getData() {
        return this.bitData.slice();
      }
    };
    MODE_NUMERIC = [1, 10, 12, 14];
    MODE_ALPHANUMERIC = [2, 9, 11, 13];
    MODE_BYTE = [4, 8, 16, 16];
  }
});

// cloud/formats/png-writer.ts
function crc32(bytes) {
  let c = 4294967295;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 255] ^ c >>> 8;
  return (c ^ 4294967295) >>> 0;
}
function chunk(type, data) {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
function encodeGreyPng(width, height, pixels) {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError("bad image size");
  if (pixels.length !== width * height) throw new RangeError("pixel count does not match the size");
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8);
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const signature = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
  const parts = [signature, chunk("IHDR", header), chunk("IDAT", new Uint8Array((0, import_node_zlib.deflateSync)(raw))), chunk("IEND", new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p2) => n + p2.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
function qrCodePng(text, options = {}) {
  const scale = options.scale ?? 8;
  const { data, size } = encode(text, { ecc: "M", border: options.border ?? 4 });
  const side = size * scale;
  const pixels = new Uint8Array(side * side).fill(255);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!data[y][x]) continue;
      for (let dy = 0; dy < scale; dy++) pixels.fill(0, (y * scale + dy) * side + x * scale, (y * scale + dy) * side + (x + 1) * scale);
    }
  }
  return encodeGreyPng(side, side, pixels);
}
var import_node_zlib, CRC_TABLE;
var init_png_writer = __esm({
  "cloud/formats/png-writer.ts"() {
    "use strict";
    import_node_zlib = require("node:zlib");
    init_dist2();
    CRC_TABLE = (() => {
      const table2 = new Uint32Array(256);
      for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
        table2[n] = c >>> 0;
      }
      return table2;
    })();
  }
});

// cloud/formats/pdf-fonts.ts
function widthTable(text) {
  return text.trim().split(/\s+/).map(Number);
}
function latinIndex(code) {
  if (code >= 32 && code <= 126) return code - 32;
  if (code >= 160 && code <= 255) return code - 160 + 95;
  return -1;
}
function printable(ch) {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 32 || code >= 127 && code <= 159) return "?";
  if (code > 65535 || code >= 55296 && code <= 57343) return "?";
  return ch;
}
function isCjkChar(ch) {
  return latinIndex(printable(ch).charCodeAt(0)) < 0;
}
function textRuns(text) {
  const runs = [];
  for (const raw of text) {
    const ch = printable(raw);
    const cjk = isCjkChar(ch);
    const last = runs[runs.length - 1];
    if (last && last.cjk === cjk) last.text += ch;
    else runs.push({ cjk, text: ch });
  }
  return runs;
}
function textWidth(text, size, bold = false) {
  const table2 = bold ? HELVETICA_BOLD : HELVETICA;
  let units = 0;
  for (const raw of text) {
    const index = latinIndex(printable(raw).charCodeAt(0));
    units += index < 0 ? CJK_WIDTH : table2[index];
  }
  return units * size / 1e3;
}
function latinString(text) {
  let out = "(";
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch === "\\" || ch === "(" || ch === ")") out += `\\${ch}`;
    else if (code > 126) out += `\\${code.toString(8)}`;
    else out += ch;
  }
  return `${out})`;
}
function utf16Hex(text) {
  let hex = "";
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0");
  return hex;
}
function cjkString(text) {
  return `<${utf16Hex(text)}>`;
}
function infoString(text) {
  if (/^[\x20-\x7e]*$/.test(text)) return latinString(text);
  return `<FEFF${utf16Hex(text)}>`;
}
function latinFont(baseFont, table2) {
  const widths = [...table2.slice(0, 95), ...new Array(GAP).fill(0), ...table2.slice(95)];
  return `<< /Type /Font /Subtype /Type1 /BaseFont /${baseFont} /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths [${widths.join(" ")}] >>`;
}
function cjkFontObjects(descendant, descriptor) {
  return [
    `<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H /DescendantFonts [${descendant} 0 R] >>`,
    `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor ${descriptor} 0 R /DW ${CJK_WIDTH} >>`,
    "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
  ];
}
var HELVETICA, HELVETICA_BOLD, GAP, CJK_WIDTH, LATIN_FONT, LATIN_BOLD_FONT;
var init_pdf_fonts = __esm({
  "cloud/formats/pdf-fonts.ts"() {
    "use strict";
    HELVETICA = widthTable(`
  278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278
  556 556 556 556 556 556 556 556 556 556 278 278 584 584 584 556
  1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778
  667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556
  333 556 556 500 556 556 278 556 556 222 222 500 222 833 556 556
  556 556 333 500 278 556 500 722 500 500 500 334 260 334 584
  278 333 556 556 556 556 260 556 333 737 370 556 584 333 737 333
  400 584 333 333 333 556 537 278 333 333 365 556 834 834 834 611
  667 667 667 667 667 667 1000 722 667 667 667 667 278 278 278 278
  722 722 778 778 778 778 778 584 778 722 722 722 722 667 667 611
  556 556 556 556 556 556 889 500 556 556 556 556 278 278 278 278
  556 556 556 556 556 556 556 584 611 556 556 556 556 500 556 500
`);
    HELVETICA_BOLD = widthTable(`
  278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278
  556 556 556 556 556 556 556 556 556 556 333 333 584 584 584 611
  975 722 722 722 722 667 611 778 722 278 556 722 611 833 722 778
  667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556
  333 556 611 556 611 556 333 611 611 278 278 556 278 889 611 611
  611 611 389 556 333 611 556 778 556 556 500 389 280 389 584
  278 333 556 556 556 556 280 556 333 737 370 556 584 333 737 333
  400 584 333 333 333 611 556 278 333 333 365 556 834 834 834 611
  722 722 722 722 722 722 1000 722 667 667 667 667 278 278 278 278
  722 722 778 778 778 778 778 584 778 722 722 722 722 667 667 611
  556 556 556 556 556 556 889 556 556 556 556 556 278 278 278 278
  611 611 611 611 611 611 611 584 611 611 611 611 611 556 611 556
`);
    GAP = 160 - 127;
    CJK_WIDTH = 1e3;
    LATIN_FONT = latinFont("Helvetica", HELVETICA);
    LATIN_BOLD_FONT = latinFont("Helvetica-Bold", HELVETICA_BOLD);
  }
});

// cloud/formats/pdf-writer.ts
function canBreakBefore(chars, i) {
  const prev = chars[i - 1];
  const cur = chars[i];
  if (NO_BREAK_BEFORE.has(cur) || NO_BREAK_AFTER.has(prev)) return false;
  return prev === " " || cur === " " || isCjkChar(prev) || isCjkChar(cur);
}
function wrapText(text, width, size, bold = false) {
  const chars = [...text];
  const widths = chars.map((ch) => textWidth(ch, size, bold));
  const lines = [];
  let start = 0;
  while (start < chars.length) {
    let end = start;
    let used = 0;
    let lastBreak = start;
    while (end < chars.length && used + widths[end] <= width) {
      used += widths[end];
      end++;
      if (end < chars.length && canBreakBefore(chars, end)) lastBreak = end;
    }
    if (end < chars.length && lastBreak > start) end = lastBreak;
    if (end === start) end = start + 1;
    lines.push(chars.slice(start, end).join("").trimEnd());
    start = end;
    while (chars[start] === " ") start++;
  }
  return lines.length > 0 ? lines : [""];
}
function fitText(text, width, size, bold = false) {
  if (textWidth(text, size, bold) <= width) return text;
  const chars = [...text];
  while (chars.length > 0 && textWidth(chars.join("") + ELLIPSIS, size, bold) > width) chars.pop();
  return chars.join("").trimEnd() + ELLIPSIS;
}
function num(n) {
  return String(Math.round(n * 100) / 100);
}
function layout(page) {
  const text = new TextWriter();
  const rules = [];
  const textWidthAvailable = page.width - 2 * page.margin;
  let y = page.height - page.margin;
  let first = true;
  const advance = (by) => {
    y -= by;
    if (y < page.margin) throw new RangeError("the text does not fit on one page");
  };
  for (const line of page.lines) {
    if ("rule" in line) {
      advance((line.gapBefore ?? 0) + 6);
      rules.push(`${num(page.margin)} ${num(y)} m ${num(page.width - page.margin)} ${num(y)} l S`);
      continue;
    }
    const size = line.size ?? 11;
    const bold = line.bold ?? false;
    text.setGray(line.gray ?? 0);
    const rows = "cells" in line ? [void 0] : wrapText(line.text, textWidthAvailable, size, bold);
    rows.forEach((row, i) => {
      advance((first ? size : size * LEADING) + (i === 0 ? line.gapBefore ?? 0 : 0));
      first = false;
      if (row !== void 0) {
        text.moveTo(page.margin, y);
        text.show(row, size, bold);
        return;
      }
      for (const cell of line.cells) {
        const cellBold = cell.bold ?? bold;
        const shown = cell.maxWidth !== void 0 ? fitText(cell.text, cell.maxWidth, size, cellBold) : cell.text;
        const x = cell.align === "right" ? cell.x - textWidth(shown, size, cellBold) : cell.x;
        text.moveTo(page.margin + x, y);
        text.show(shown, size, cellBold);
      }
    });
  }
  return { text, rules };
}
function contentStream(text, rules) {
  const parts = ["BT", ...text.ops, "ET"];
  if (rules.length > 0) parts.push("q 0.6 G 0.5 w", ...rules, "Q");
  return parts.join("\n") + "\n";
}
function renderTextPdf(input) {
  const page = { width: 595, height: 842, margin: 56, ...input };
  const { text, rules } = layout(page);
  const content = contentStream(text, rules);
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "", ""];
  const fontRefs = [];
  const addFont = (name, ...dicts) => {
    fontRefs.push(`/${name} ${objects.length + 1} 0 R`);
    objects.push(...dicts);
  };
  if (text.fonts.has("F1")) addFont("F1", LATIN_FONT);
  if (text.fonts.has("F2")) addFont("F2", LATIN_BOLD_FONT);
  if (text.fonts.has("F3")) addFont("F3", ...cjkFontObjects(objects.length + 2, objects.length + 3));
  objects[2] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.width} ${page.height}] /Resources << /Font << ${fontRefs.join(" ")} >> >> /Contents 4 0 R >>`;
  objects[3] = `<< /Length ${content.length} >>
stream
${content}endstream`;
  objects.push(`<< /Producer (uni-wx-kit)${page.title ? ` /Title ${infoString(page.title)}` : ""} >>`);
  let body = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((object2, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj
${object2}
endobj
`;
  });
  const xref = body.length;
  body += `xref
0 ${objects.length + 1}
0000000000 65535 f 
`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n 
`;
  body += `trailer
<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>
startxref
${xref}
%%EOF
`;
  const bytes = new TextEncoder().encode(body);
  if (bytes.length !== body.length) throw new Error("PDF body must be ASCII");
  return bytes;
}
var LEADING, ELLIPSIS, CJK_BOLD_STROKE, NO_BREAK_BEFORE, NO_BREAK_AFTER, TextWriter;
var init_pdf_writer = __esm({
  "cloud/formats/pdf-writer.ts"() {
    "use strict";
    init_pdf_fonts();
    LEADING = 1.45;
    ELLIPSIS = "…";
    CJK_BOLD_STROKE = 0.035;
    NO_BREAK_BEFORE = /* @__PURE__ */ new Set([..."，。、；：！？）》」』】〕〉”’…·%,.;:!?)]}"]);
    NO_BREAK_AFTER = /* @__PURE__ */ new Set([..."（《「『【〔〈“‘([{¥"]);
    TextWriter = class {
      constructor() {
        this.ops = [];
        this.fonts = /* @__PURE__ */ new Set();
        this.font = "";
        this.mode = 0;
        this.gray = 0;
        this.stroke = -1;
      }
      setGray(gray) {
        if (gray === this.gray) return;
        this.gray = gray;
        this.ops.push(`${num(gray)} g ${num(gray)} G`);
      }
      moveTo(x, y) {
        this.ops.push(`1 0 0 1 ${num(x)} ${num(y)} Tm`);
      }
      show(text, size, bold) {
        for (const run of textRuns(text)) {
          const name = run.cjk ? "F3" : bold ? "F2" : "F1";
          this.fonts.add(name);
          const font = `/${name} ${num(size)} Tf`;
          if (font !== this.font) {
            this.ops.push(font);
            this.font = font;
          }
          const mode = run.cjk && bold ? 2 : 0;
          if (mode === 2 && this.stroke !== size) {
            this.ops.push(`${num(size * CJK_BOLD_STROKE)} w`);
            this.stroke = size;
          }
          if (mode !== this.mode) {
            this.ops.push(`${mode} Tr`);
            this.mode = mode;
          }
          this.ops.push(`${run.cjk ? cjkString(run.text) : latinString(run.text)} Tj`);
        }
      }
    };
  }
});

// cloud/files/manuals.ts
function productCodeText(productId) {
  return `uniwxkit://product/${encodeURIComponent(productId)}`;
}
function manualLines(manual) {
  return [
    { text: manual.title, size: 18, bold: true },
    { text: `产品说明 · 第 ${manual.version} 版`, size: 9, gray: 0.4, gapBefore: 4 },
    ...manual.lines
  ];
}
function renderManual(manual) {
  return renderTextPdf({ title: manual.title, lines: manualLines(manual) });
}
function productFiles(productId) {
  return { manual: Object.hasOwn(MANUALS, productId), code: true };
}
async function manualFor(deps, productId) {
  const manual = Object.hasOwn(MANUALS, productId) ? MANUALS[productId] : void 0;
  if (!manual) throw new CloudError("FILE_NOT_FOUND", "this product has no manual");
  const file = await ensureGeneratedFile(deps, {
    key: `manual:${productId}:v${manual.version}`,
    kind: "manual",
    cloudPath: `manuals/${productId}-v${manual.version}.pdf`,
    generate: () => renderManual(manual)
  });
  return { ...file, fileName: `manual-${productId}.pdf`, fileType: "pdf" };
}
async function productCodeFor(deps, productId) {
  if (!PRODUCT_ID.test(productId)) throw new CloudError("PARAM_INVALID", "invalid parameter: productId");
  const file = await ensureGeneratedFile(deps, {
    key: `product-code:${productId}`,
    kind: "product-code",
    cloudPath: `product-codes/${productId}.png`,
    generate: () => qrCodePng(productCodeText(productId), { scale: 12 })
  });
  return { ...file, fileName: `product-${productId}.png`, fileType: "png" };
}
var p, h, MANUALS, PRODUCT_ID;
var init_manuals = __esm({
  "cloud/files/manuals.ts"() {
    "use strict";
    init_errors();
    init_generated_files();
    init_png_writer();
    init_pdf_writer();
    p = (text, extra = {}) => ({ text, ...extra });
    h = (text) => ({ text, bold: true, size: 13, gapBefore: 12 });
    MANUALS = {
      "p-coffee-beans": {
        version: 2,
        title: "云南小粒咖啡豆 250g · 冲煮指南",
        lines: [
          h("保存"),
          p("开封后请封好袋口，置于阴凉避光处；烘焙后 4 周内风味最佳。"),
          h("手冲（1 杯）"),
          p("1. 取 15 g 咖啡豆，研磨至中细度。"),
          p("2. 用热水润湿滤纸，倒掉这部分水。"),
          p("3. 以 92℃ 的水 30 ml 闷蒸 30 秒。"),
          p("4. 缓慢注水至共 240 ml，总时长控制在 2:30 至 3:00。"),
          h("法压壶"),
          p("18 g 粗研磨，注入 300 ml 热水，浸泡 4 分钟后轻轻压下滤网。")
        ]
      },
      "p-mug": {
        version: 2,
        title: "陶瓷马克杯 350ml · 使用与保养",
        lines: [
          h("使用"),
          p("可用于微波炉，请勿空杯加热。"),
          p("避免骤冷骤热（例如向冰凉的杯中直接倒入沸水）。"),
          h("清洁"),
          p("可用洗碗机清洗；茶渍、咖啡渍可用小苏打擦除。"),
          h("容量"),
          p("满口容量 350 ml，日常倒至 300 ml 较为合适。")
        ]
      }
    };
    PRODUCT_ID = /^[A-Za-z0-9_-]{1,64}$/;
  }
});

// cloud/shared/beijing-time.ts
function wallClock(ms) {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString();
}
function formatBeijingDateTime(ms) {
  return wallClock(ms).slice(0, 19).replace("T", " ");
}
var BEIJING_OFFSET_MS, DAY_MS;
var init_beijing_time = __esm({
  "cloud/shared/beijing-time.ts"() {
    "use strict";
    BEIJING_OFFSET_MS = 8 * 36e5;
    DAY_MS = 24 * 36e5;
  }
});

// cloud/files/receipts.ts
function formatCny(fen) {
  if (!Number.isInteger(fen)) throw new TypeError("amount must be an integer number of fen");
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
function receiptLines(order, issuer) {
  const lines = [
    { text: issuer.merchantName, size: 12, bold: true },
    { text: "支付收据", size: 20, bold: true, gapBefore: 6 },
    { text: `订单号：${order.outTradeNo}`, gapBefore: 14 }
  ];
  if (order.transactionId) lines.push({ text: `微信支付单号：${order.transactionId}` });
  lines.push(
    { text: `下单时间：${beijing(order.createdAt)}` },
    { text: `支付时间：${beijing(order.paidAt)}` },
    { rule: true, gapBefore: 8 },
    {
      bold: true,
      cells: [
        { text: "商品名", x: COLUMN.name },
        { text: "单价", x: COLUMN.price, align: "right" },
        { text: "数量", x: COLUMN.quantity, align: "right" },
        { text: "金额", x: COLUMN.total, align: "right" }
      ]
    }
  );
  for (const item of order.items) {
    lines.push({
      cells: [
        { text: item.name || item.productId, x: COLUMN.name, maxWidth: COLUMN.nameWidth },
        { text: formatCny(item.price), x: COLUMN.price, align: "right" },
        { text: String(item.quantity), x: COLUMN.quantity, align: "right" },
        { text: formatCny(item.price * item.quantity), x: COLUMN.total, align: "right" }
      ]
    });
  }
  lines.push(
    { rule: true },
    {
      size: 14,
      bold: true,
      cells: [
        { text: "实付金额", x: COLUMN.name },
        { text: formatCny(order.amount), x: COLUMN.total, align: "right" }
      ]
    }
  );
  if (order.refunded) {
    lines.push({
      cells: [
        { text: order.refunded >= order.amount ? "已全额退款" : "已退款", x: COLUMN.name },
        { text: formatCny(order.refunded), x: COLUMN.total, align: "right" }
      ]
    });
  }
  lines.push(
    { text: "支付方式：微信支付", gapBefore: 14 },
    { text: "本收据仅作支付凭证，不作为发票使用。", size: 9, gray: 0.4, gapBefore: 10 }
  );
  return lines;
}
function renderReceipt(order, issuer) {
  return renderTextPdf({
    title: `支付收据 ${order.outTradeNo}`,
    width: 420,
    height: 595,
    margin: 40,
    lines: receiptLines(order, issuer)
  });
}
function safeName(text) {
  return text.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
}
async function receiptFor(deps, issuer, userId, orderId) {
  const { data } = await deps.db.collection(COLLECTIONS.orders).where({ _id: orderId, userId }).limit(1).get();
  const order = data[0];
  if (!order) throw new CloudError("ORDER_NOT_FOUND", "order not found");
  if (!RECEIPT_STATUSES.includes(order.status)) throw new CloudError("RECEIPT_UNAVAILABLE", "receipts are issued for paid orders");
  const refunded = order.refunded ? `-r${order.refunded}` : "";
  const file = await ensureGeneratedFile(deps, {
    key: `receipt:${order._id}:v${RECEIPT_LAYOUT}${refunded}`,
    kind: "receipt",
    ownerId: userId,
    cloudPath: `receipts/${safeName(order.outTradeNo)}${refunded}.pdf`,
    generate: () => renderReceipt(order, issuer)
  });
  return { ...file, fileName: `receipt-${safeName(order.outTradeNo)}.pdf`, fileType: "pdf" };
}
var RECEIPT_LAYOUT, RECEIPT_STATUSES, beijing, COLUMN;
var init_receipts = __esm({
  "cloud/files/receipts.ts"() {
    "use strict";
    init_beijing_time();
    init_errors();
    init_generated_files();
    init_pdf_writer();
    init_collections();
    RECEIPT_LAYOUT = 2;
    RECEIPT_STATUSES = ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"];
    beijing = (ms) => ms === void 0 ? "—" : `${formatBeijingDateTime(ms)}（北京时间）`;
    COLUMN = { name: 0, nameWidth: 170, price: 230, quantity: 275, total: 340 };
  }
});

// node_modules/jose/dist/webapi/lib/buffer_utils.js
function concat(...buffers) {
  const size = buffers.reduce((acc, { length }) => acc + length, 0), buf = new Uint8Array(size);
  let i = 0;
  for (const buffer of buffers)
    buf.set(buffer, i), i += buffer.length;
  return buf;
}
function encode2(string2) {
  if (typeof string2 == "string" && string2.length >= 128) {
    if (NON_ASCII.test(string2))
      throw new TypeError("non-ASCII string encountered in encode()");
    return encoder.encode(string2);
  }
  const bytes = new Uint8Array(string2.length);
  for (let i = 0; i < string2.length; i++) {
    const code = string2.charCodeAt(i);
    if (code > 127)
      throw new TypeError("non-ASCII string encountered in encode()");
    bytes[i] = code;
  }
  return bytes;
}
function decodeBase64(encoded, url = false) {
  if (Uint8Array.fromBase64)
    return Uint8Array.fromBase64(encoded, { alphabet: url ? "base64url" : "base64" });
  if (url) {
    if (encoded.includes("+") || encoded.includes("/"))
      throw new TypeError("Invalid base64url");
    encoded = encoded.replace(/-/g, "+").replace(/_/g, "/");
  }
  const binary = atob(encoded), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++)
    bytes[i] = binary.charCodeAt(i);
  return bytes;
}
var encoder, decoder, strictDecoder, UINT32_RANGE, NON_ASCII;
var init_buffer_utils = __esm({
  "node_modules/jose/dist/webapi/lib/buffer_utils.js"() {
    encoder = new TextEncoder();
    decoder = new TextDecoder();
    strictDecoder = new TextDecoder("utf-8", { fatal: true });
    UINT32_RANGE = 2 ** 32;
    NON_ASCII = /[^\x00-\x7f]/;
  }
});

// node_modules/jose/dist/webapi/util/errors.js
var JOSEError, JWTClaimValidationFailed, JWTExpired, JOSEAlgNotAllowed, JOSENotSupported, JWSInvalid, JWTInvalid, JWSSignatureVerificationFailed;
var init_errors2 = __esm({
  "node_modules/jose/dist/webapi/util/errors.js"() {
    JOSEError = class extends Error {
      static code = "ERR_JOSE_GENERIC";
      code = "ERR_JOSE_GENERIC";
      constructor(message2, options) {
        super(message2, options), this.name = this.constructor.name, Error.captureStackTrace?.(this, this.constructor);
      }
    };
    JWTClaimValidationFailed = class extends JOSEError {
      static code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
      code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
      claim;
      reason;
      payload;
      constructor(message2, payload, claim = "unspecified", reason = "unspecified") {
        super(message2, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
      }
    };
    JWTExpired = class extends JOSEError {
      static code = "ERR_JWT_EXPIRED";
      code = "ERR_JWT_EXPIRED";
      claim;
      reason;
      payload;
      constructor(message2, payload, claim = "unspecified", reason = "unspecified") {
        super(message2, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
      }
    };
    JOSEAlgNotAllowed = class extends JOSEError {
      static code = "ERR_JOSE_ALG_NOT_ALLOWED";
      code = "ERR_JOSE_ALG_NOT_ALLOWED";
    };
    JOSENotSupported = class extends JOSEError {
      static code = "ERR_JOSE_NOT_SUPPORTED";
      code = "ERR_JOSE_NOT_SUPPORTED";
    };
    JWSInvalid = class extends JOSEError {
      static code = "ERR_JWS_INVALID";
      code = "ERR_JWS_INVALID";
    };
    JWTInvalid = class extends JOSEError {
      static code = "ERR_JWT_INVALID";
      code = "ERR_JWT_INVALID";
    };
    JWSSignatureVerificationFailed = class extends JOSEError {
      static code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
      code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
      constructor(message2 = "signature verification failed", options) {
        super(message2, options);
      }
    };
  }
});

// node_modules/jose/dist/webapi/util/base64url.js
function decode(input) {
  try {
    return decodeBase64(typeof input == "string" ? input : decoder.decode(input), true);
  } catch (cause) {
    throw new TypeError(invalid, { cause });
  }
}
var invalid;
var init_base64url = __esm({
  "node_modules/jose/dist/webapi/util/base64url.js"() {
    init_buffer_utils();
    invalid = "The input to be decoded is not correctly encoded.";
  }
});

// node_modules/jose/dist/webapi/lib/validate.js
function isObject(input) {
  if (typeof input != "object" || input === null || Object.prototype.toString.call(input) !== "[object Object]")
    return false;
  const prototype = Object.getPrototypeOf(input);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
function isDisjoint(...headers) {
  const parameters = /* @__PURE__ */ new Set();
  for (const header of headers)
    if (header)
      for (const parameter of Object.keys(header)) {
        if (parameters.has(parameter))
          return false;
        parameters.add(parameter);
      }
  return true;
}
function decodeBase64url(value, label, ErrorClass) {
  try {
    return decode(value);
  } catch (cause) {
    throw new ErrorClass(`Failed to base64url decode the ${label}`, { cause });
  }
}
function encodeAsciiMember(value, label, ErrorClass) {
  try {
    return encode2(value);
  } catch (cause) {
    throw new ErrorClass(`The ${label} is not a valid base64url string`, { cause });
  }
}
function parseJoseHeader(encodedProtectedHeader, ErrorClass, message2) {
  let parsed;
  try {
    parsed = JSON.parse(strictDecoder.decode(decode(encodedProtectedHeader)));
  } catch (cause) {
    throw new ErrorClass(message2, { cause });
  }
  if (!isObject(parsed))
    throw new ErrorClass(message2);
  return parsed;
}
function validateAlgorithms(option, algorithms) {
  if (algorithms !== void 0 && (!Array.isArray(algorithms) || algorithms.some((s) => typeof s != "string")))
    throw new TypeError(`"${option}" option must be an array of strings`);
  return algorithms === void 0 ? void 0 : new Set(algorithms);
}
function validateCrit(Err, recognizedDefault, recognizedOption, protectedHeader, joseHeader) {
  if (joseHeader.crit !== void 0 && protectedHeader?.crit === void 0)
    throw new Err('"crit" (Critical) Header Parameter MUST be integrity protected');
  if (!protectedHeader || protectedHeader.crit === void 0)
    return [];
  if (!Array.isArray(protectedHeader.crit) || protectedHeader.crit.length === 0 || protectedHeader.crit.some((input) => typeof input != "string" || input.length === 0))
    throw new Err('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
  const recognized = recognizedOption === void 0 ? recognizedDefault : { __proto__: null, ...recognizedOption, ...recognizedDefault };
  for (const parameter of protectedHeader.crit) {
    if (!(parameter in recognized))
      throw new JOSENotSupported(`Extension Header Parameter "${parameter}" is not recognized`);
    if (!Object.hasOwn(joseHeader, parameter) || joseHeader[parameter] === void 0)
      throw new Err(`Extension Header Parameter "${parameter}" is missing`);
    if (recognized[parameter] && (!Object.hasOwn(protectedHeader, parameter) || protectedHeader[parameter] === void 0))
      throw new Err(`Extension Header Parameter "${parameter}" MUST be integrity protected`);
  }
  return protectedHeader.crit;
}
function validateB64(protectedHeader, extensions) {
  if (extensions.includes("b64")) {
    const b64 = protectedHeader.b64;
    if (typeof b64 != "boolean")
      throw new JWSInvalid('The "b64" (base64url-encode payload) Header Parameter must be a boolean');
    return b64;
  }
  return true;
}
var JWS_RECOGNIZED;
var init_validate = __esm({
  "node_modules/jose/dist/webapi/lib/validate.js"() {
    init_errors2();
    init_base64url();
    init_buffer_utils();
    JWS_RECOGNIZED = { __proto__: null, b64: true };
  }
});

// node_modules/jose/dist/webapi/lib/key.js
async function prepareKey(entry, key, usage) {
  const { alg, secret } = entry, requiresPrivateKey = usage === "decrypt" || usage === "sign";
  if (secret && key instanceof Uint8Array)
    return key;
  let normalized, keyObject;
  if (isObject(key)) {
    if (normalized = normalizeJwk(key), typeof normalized.kty != "string")
      throw invalidKeyType(alg, key, secret);
    if (!(secret ? normalized.kty === "oct" && typeof normalized.k == "string" : normalized.kty !== "oct" && (requiresPrivateKey ? normalized.kty === "AKP" && typeof normalized.priv == "string" || typeof normalized.d == "string" : normalized.d === void 0 && normalized.priv === void 0)))
      throw new TypeError(secret ? 'JSON Web Key for symmetric algorithms must have JWK "kty" (Key Type) equal to "oct" and the JWK "k" (Key Value) present' : `JSON Web Key for this operation must be a ${requiresPrivateKey ? "private" : "public"} JWK`);
    if (jwkMatchesOp(entry, normalized, usage), normalized.kty === "oct")
      return decode(normalized.k);
    if (!Object.isFrozen(key)) {
      const { key_ops } = key;
      Array.isArray(key_ops) && Object.freeze(key_ops), Object.freeze(key);
    }
  } else {
    if (!isKeyLike(key))
      throw invalidKeyType(alg, key, secret);
    const expectedType = secret ? "secret" : requiresPrivateKey ? "private" : "public";
    if (key.type !== expectedType && (secret || ["secret", "public", "private"].includes(key.type)))
      throw new TypeError(`${tag(key)} instances must be of type "${expectedType}" for the ${alg} algorithm`);
    if (isCryptoKey(key))
      return key;
    if (keyObject = key, keyObject.type === "secret")
      return keyObject.export();
  }
  cache ||= /* @__PURE__ */ new WeakMap();
  const cacheKey = key;
  let cached = cache.get(cacheKey);
  if (cached?.[alg])
    return cached[alg];
  if (cached || cache.set(cacheKey, cached = {}), keyObject && typeof keyObject.toCryptoKey == "function") {
    const isPublic = keyObject.type === "public", crv = nist[keyObject.asymmetricKeyDetails?.namedCurve], params = entry.resolve?.({ crv, asymmetricKeyType: keyObject.asymmetricKeyType }) ?? entry.subtle;
    return cached[alg] = keyObject.toCryptoKey(params, isPublic, entry.usages[isPublic ? 0 : 1]);
  }
  return normalized ??= keyObject.export({ format: "jwk" }), normalized.alg = alg, cached[alg] = await jwkToKey(entry, normalized);
}
function message(msg, actual, ...types) {
  if (types.length > 2) {
    const last = types.pop();
    msg += `one of type ${types.join(", ")}, or ${last}.`;
  } else types.length === 2 ? msg += `one of type ${types[0]} or ${types[1]}.` : msg += `of type ${types[0]}.`;
  return actual == null ? msg += ` Received ${actual}` : typeof actual == "function" && actual.name ? msg += ` Received function ${actual.name}` : typeof actual == "object" && actual != null && actual.constructor?.name && (msg += ` Received an instance of ${actual.constructor.name}`), msg;
}
function invalidKeyType(alg, actual, secret) {
  const types = ["CryptoKey", "KeyObject", "JSON Web Key"];
  return secret && types.push("Uint8Array"), new TypeError(message(`Key for the ${alg} algorithm must be `, actual, ...types));
}
function checkUsage(key, usage) {
  if (usage && !key.usages.includes(usage))
    throw new TypeError(`CryptoKey does not support this operation, its usages must include ${usage}.`);
}
function checkModulusLength(alg, key) {
  const { modulusLength } = key.algorithm;
  if (typeof modulusLength != "number" || modulusLength < 2048)
    throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
}
function checkCryptoKey(key, expected, usage) {
  const algorithm = key.algorithm;
  if (algorithm.name !== expected.name)
    throw unusable(expected.name);
  if (expected.hash && algorithm.hash?.name !== expected.hash)
    throw unusable(expected.hash, "algorithm.hash");
  if (expected.namedCurve && algorithm.namedCurve !== expected.namedCurve)
    throw unusable(expected.namedCurve, "algorithm.namedCurve");
  if (expected.length !== void 0 && algorithm.length !== expected.length)
    throw unusable(expected.length, "algorithm.length");
  checkUsage(key, usage);
}
function snapshotJwk(jwk) {
  return { __proto__: null, ...jwk };
}
function normalizeJwk(jwk) {
  const normalized = snapshotJwk(jwk);
  if (normalized.ext !== void 0 && typeof normalized.ext != "boolean")
    throw new TypeError('"ext" (Extractable) Parameter must be a boolean');
  if (normalized.key_ops !== void 0) {
    const value = normalized.key_ops, keyOps = Array.isArray(value) ? [...value] : void 0;
    if (!keyOps || keyOps.some((operation) => typeof operation != "string") || new Set(keyOps).size !== keyOps.length)
      throw new TypeError('"key_ops" (Key Operations) Parameter must be an array of unique strings');
    normalized.key_ops = keyOps;
  }
  return normalized;
}
async function jwkToKey(entry, jwk, extractable) {
  if (!entry.kty.includes(jwk.kty))
    throw new JOSENotSupported('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
  const algorithm = entry.resolve?.({ kty: jwk.kty, crv: jwk.crv }) ?? entry.subtle, isPrivate = !!(jwk.d || jwk.priv), keyData = { ...jwk, ext: extractable ?? jwk.ext };
  return keyData.kty !== "AKP" && delete keyData.alg, delete keyData.use, crypto.subtle.importKey("jwk", keyData, algorithm, keyData.ext ?? !isPrivate, jwk.key_ops ?? entry.usages[isPrivate ? 1 : 0]);
}
async function rawKey(key, expected, usage, extractable = false) {
  return key instanceof Uint8Array && (key = await crypto.subtle.importKey("raw", key, expected, extractable, [usage])), checkCryptoKey(key, expected, usage), key;
}
var tag, jwkMatchesOp, cache, nist, isCryptoKey, isKeyObject, isKeyLike, unusable;
var init_key = __esm({
  "node_modules/jose/dist/webapi/lib/key.js"() {
    init_validate();
    init_base64url();
    init_errors2();
    tag = (key) => key[Symbol.toStringTag];
    jwkMatchesOp = (entry, key, usage) => {
      const { alg } = entry;
      if (key.use !== void 0) {
        const expected = usage === "sign" || usage === "verify" ? "sig" : "enc";
        if (key.use !== expected)
          throw new TypeError(`Invalid key for this operation, its "use" must be "${expected}" when present`);
      }
      if (key.alg !== void 0 && key.alg !== alg)
        throw new TypeError(`Invalid key for this operation, its "alg" must be "${alg}" when present`);
      if (Array.isArray(key.key_ops)) {
        const expectedKeyOp = usage === "encrypt" || usage === "decrypt" ? entry.ops?.[usage === "encrypt" ? 0 : 1] : usage;
        if (expectedKeyOp && !key.key_ops.includes(expectedKeyOp))
          throw new TypeError(`Invalid key for this operation, its "key_ops" must include "${expectedKeyOp}" when present`);
      }
    };
    nist = {
      __proto__: null,
      prime256v1: "P-256",
      secp384r1: "P-384",
      secp521r1: "P-521"
    };
    isCryptoKey = (key) => {
      if (key?.[Symbol.toStringTag] === "CryptoKey")
        return true;
      try {
        return key instanceof CryptoKey;
      } catch {
        return false;
      }
    };
    isKeyObject = (key) => key?.[Symbol.toStringTag] === "KeyObject";
    isKeyLike = (key) => isCryptoKey(key) || isKeyObject(key);
    unusable = (name, prop = "algorithm.name") => new TypeError(`CryptoKey does not support this operation, its ${prop} must be ${name}`);
  }
});

// node_modules/jose/dist/webapi/lib/key_descriptor.js
function table(entries) {
  const out = { __proto__: null };
  for (const alg in entries)
    out[alg] = { ...entries[alg], alg };
  return out;
}
var init_key_descriptor = __esm({
  "node_modules/jose/dist/webapi/lib/key_descriptor.js"() {
  }
});

// node_modules/jose/dist/webapi/lib/jws_algorithms.js
function hmac(bits) {
  const subtle = { name: "HMAC", hash: `SHA-${bits}` };
  return { kty: ["oct"], secret: true, subtle, signing: subtle, usages: sig };
}
function rsa(bits, saltLength) {
  const subtle = { name: saltLength ? "RSA-PSS" : "RSASSA-PKCS1-v1_5", hash: `SHA-${bits}` };
  return {
    kty: ["RSA"],
    subtle,
    signing: saltLength ? { ...subtle, saltLength } : subtle,
    usages: sig,
    minRsaBits: 2048
  };
}
function ecdsa(crv, bits) {
  return {
    kty: ["EC"],
    crv,
    subtle: { name: "ECDSA", namedCurve: crv },
    signing: { name: "ECDSA", hash: `SHA-${bits}` },
    usages: sig
  };
}
function eddsa() {
  const subtle = { name: "Ed25519" };
  return {
    kty: ["OKP"],
    crv: "Ed25519",
    subtle,
    signing: subtle,
    usages: sig
  };
}
function mldsa(parameterSet) {
  const subtle = { name: `ML-DSA-${parameterSet}` };
  return {
    kty: ["AKP"],
    subtle,
    signing: subtle,
    usages: sig
  };
}
function jwsAlgorithm(alg) {
  const entry = typeof alg == "string" ? JWS[alg] : void 0;
  if (!entry)
    throw new JOSENotSupported(`alg ${alg} is not supported either by JOSE or your javascript runtime`);
  return entry;
}
var sig, JWS;
var init_jws_algorithms = __esm({
  "node_modules/jose/dist/webapi/lib/jws_algorithms.js"() {
    init_errors2();
    init_key_descriptor();
    sig = [["verify"], ["sign"]];
    JWS = table({
      HS256: hmac(256),
      HS384: hmac(384),
      HS512: hmac(512),
      RS256: rsa(256),
      RS384: rsa(384),
      RS512: rsa(512),
      PS256: rsa(256, 32),
      PS384: rsa(384, 48),
      PS512: rsa(512, 64),
      ES256: ecdsa("P-256", 256),
      ES384: ecdsa("P-384", 384),
      ES512: ecdsa("P-521", 512),
      EdDSA: eddsa(),
      Ed25519: eddsa(),
      "ML-DSA-44": mldsa(44),
      "ML-DSA-65": mldsa(65),
      "ML-DSA-87": mldsa(87)
    });
  }
});

// node_modules/jose/dist/webapi/lib/jws_verify.js
function prepareVerify(options) {
  return [options && validateAlgorithms("algorithms", options.algorithms), options?.crit];
}
function parseProtectedHeader(encodedProtectedHeader) {
  return encodedProtectedHeader === void 0 ? {} : parseJoseHeader(encodedProtectedHeader, JWSInvalid, "JWS Protected Header is invalid");
}
function encodeCompactUnencodedPayload(payload) {
  try {
    return encode2(payload);
  } catch (cause) {
    throw new JWSInvalid("JWS Compact Serialization payload must use only ASCII characters", {
      cause
    });
  }
}
async function verifySignature(jws, shared, key, encodeUnencodedPayload, parsedProtected) {
  const { protected: encodedProtectedHeader, header, payload: inputPayload } = jws, protectedHeader = parsedProtected ?? parseProtectedHeader(encodedProtectedHeader);
  if (!isDisjoint(protectedHeader, header))
    throw new JWSInvalid("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...header }, b64 = validateB64(protectedHeader, validateCrit(JWSInvalid, JWS_RECOGNIZED, shared[1], protectedHeader, joseHeader)), { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  if (shared[0] && !shared[0].has(alg))
    throw new JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  if (b64) {
    if (typeof inputPayload != "string")
      throw new JWSInvalid("JWS Payload must be a string");
  } else if (typeof inputPayload != "string" && !(inputPayload instanceof Uint8Array))
    throw new JWSInvalid("JWS Payload must be a string or an Uint8Array instance");
  const signingPayload = b64 || typeof inputPayload != "string" ? inputPayload : encodeUnencodedPayload(inputPayload);
  let resolvedKey = false;
  typeof key == "function" && (key = await key(protectedHeader, jws), resolvedKey = true);
  const entry = jwsAlgorithm(alg), signingInput = concat(encodedProtectedHeader !== void 0 ? encode2(encodedProtectedHeader) : new Uint8Array(), encode2("."), typeof signingPayload == "string" ? shared[2] ??= encodeAsciiMember(signingPayload, "payload", JWSInvalid) : signingPayload), signature = decodeBase64url(jws.signature, "signature", JWSInvalid), verificationKey = await prepareKey(entry, key, "verify"), cryptoKey = await rawKey(verificationKey, entry.subtle, "verify");
  entry.minRsaBits && checkModulusLength(entry.alg, cryptoKey);
  let verified = false;
  try {
    verified = await crypto.subtle.verify(entry.signing, cryptoKey, signature, signingInput);
  } catch (cause) {
    throw new JWSSignatureVerificationFailed(void 0, { cause });
  }
  if (!verified)
    throw new JWSSignatureVerificationFailed();
  const result = { payload: typeof signingPayload == "string" ? decodeBase64url(signingPayload, "payload", JWSInvalid) : signingPayload };
  return encodedProtectedHeader !== void 0 && (result.protectedHeader = protectedHeader), header !== void 0 && (result.unprotectedHeader = header), resolvedKey ? [{ ...result, key: verificationKey }, b64] : [result, b64];
}
async function verifyCompact(jws, shared, key) {
  if (jws instanceof Uint8Array && (jws = decoder.decode(jws)), typeof jws != "string")
    throw new JWSInvalid("Compact JWS must be a string or Uint8Array");
  const { 0: protectedHeader, 1: payload, 2: signature, length } = jws.split(".");
  if (length !== 3)
    throw new JWSInvalid("Invalid Compact JWS");
  return verifySignature({ payload, protected: protectedHeader, signature }, shared, key, encodeCompactUnencodedPayload);
}
var init_jws_verify = __esm({
  "node_modules/jose/dist/webapi/lib/jws_verify.js"() {
    init_jws_algorithms();
    init_errors2();
    init_buffer_utils();
    init_validate();
    init_key();
  }
});

// node_modules/jose/dist/webapi/lib/jwt_claims_set.js
function invalidDuration() {
  throw new TypeError("Invalid time period format");
}
function secs(str) {
  typeof str != "string" && invalidDuration();
  const matched = REGEX.exec(str);
  (!matched || matched[4] && matched[1]) && invalidDuration();
  const value = parseFloat(matched[2]), durationSeconds = Math.round(value * multipliers[matched[3][0].toLowerCase()]);
  return Number.isFinite(durationSeconds) || invalidDuration(), matched[1] === "-" || matched[4] === "ago" ? -durationSeconds : durationSeconds;
}
function validateInput(label, input) {
  if (!Number.isFinite(input))
    throw new TypeError(`Invalid ${label} input`);
  return input;
}
function validateNumericDate(claimsSet, claim, required = false) {
  const value = claimsSet[claim];
  if (!(value === void 0 && !required)) {
    if (typeof value != "number")
      throw new JWTClaimValidationFailed(`"${claim}" claim must be a number`, claimsSet, claim, "invalid");
    return value;
  }
}
function unexpectedClaim(claimsSet, claim) {
  throw new JWTClaimValidationFailed(`unexpected "${claim}" claim value`, claimsSet, claim, checkFailed);
}
function validateClaimsSet(protectedHeader, claimsSetBytes, options = {}) {
  let claimsSet;
  try {
    claimsSet = JSON.parse(strictDecoder.decode(claimsSetBytes));
  } catch (cause) {
    throw new JWTInvalid("JWT Claims Set must be a top-level JSON object", { cause });
  }
  if (!isObject(claimsSet))
    throw new JWTInvalid("JWT Claims Set must be a top-level JSON object");
  const { typ } = options;
  if (typ !== void 0 && (typeof protectedHeader.typ != "string" || normalizeTyp(protectedHeader.typ) !== normalizeTyp(typ)))
    throw new JWTClaimValidationFailed('unexpected "typ" JWT header value', claimsSet, "typ", checkFailed);
  const { requiredClaims = [], issuer, subject, audience, maxTokenAge } = options, presenceCheck = [...requiredClaims];
  maxTokenAge !== void 0 && presenceCheck.push("iat"), audience !== void 0 && presenceCheck.push("aud"), subject !== void 0 && presenceCheck.push("sub"), issuer !== void 0 && presenceCheck.push("iss");
  for (const claim of new Set(presenceCheck.reverse()))
    if (!Object.hasOwn(claimsSet, claim))
      throw new JWTClaimValidationFailed(`missing required "${claim}" claim`, claimsSet, claim, "missing");
  issuer !== void 0 && !(Array.isArray(issuer) ? issuer : [issuer]).includes(claimsSet.iss) && unexpectedClaim(claimsSet, "iss"), subject !== void 0 && claimsSet.sub !== subject && unexpectedClaim(claimsSet, "sub"), audience !== void 0 && !checkAudiencePresence(claimsSet.aud, typeof audience == "string" ? [audience] : audience) && unexpectedClaim(claimsSet, "aud");
  const { clockTolerance } = options;
  let tolerance = 0;
  if (typeof clockTolerance == "string")
    tolerance = secs(clockTolerance);
  else if (clockTolerance !== void 0) {
    if (typeof clockTolerance != "number")
      throw new TypeError("Invalid clockTolerance option type");
    tolerance = clockTolerance;
  }
  if (validateInput("clockTolerance option", tolerance), tolerance < 0)
    throw new TypeError("Invalid clockTolerance option input");
  const { currentDate } = options, now = validateInput("currentDate option", epoch(currentDate === void 0 ? /* @__PURE__ */ new Date() : currentDate)), iat = validateNumericDate(claimsSet, "iat", maxTokenAge !== void 0), nbf = validateNumericDate(claimsSet, "nbf");
  if (nbf !== void 0 && nbf > now + tolerance)
    throw new JWTClaimValidationFailed('"nbf" claim timestamp check failed', claimsSet, "nbf", checkFailed);
  const exp = validateNumericDate(claimsSet, "exp");
  if (exp !== void 0 && exp <= now - tolerance)
    throw new JWTExpired('"exp" claim timestamp check failed', claimsSet, "exp", checkFailed);
  if (maxTokenAge !== void 0) {
    const age = now - iat, max = validateInput("maxTokenAge option", typeof maxTokenAge == "number" ? maxTokenAge : secs(maxTokenAge));
    if (max < 0)
      throw new TypeError("Invalid maxTokenAge option input");
    if (age - tolerance > max)
      throw new JWTExpired('"iat" claim timestamp check failed (too far in the past)', claimsSet, "iat", checkFailed);
    if (age < -tolerance)
      throw new JWTClaimValidationFailed('"iat" claim timestamp check failed (it should be in the past)', claimsSet, "iat", checkFailed);
  }
  return claimsSet;
}
var epoch, multipliers, REGEX, checkFailed, normalizeTyp, checkAudiencePresence;
var init_jwt_claims_set = __esm({
  "node_modules/jose/dist/webapi/lib/jwt_claims_set.js"() {
    init_errors2();
    init_buffer_utils();
    init_validate();
    epoch = (date) => Math.floor(date.getTime() / 1e3);
    multipliers = {
      s: 1,
      m: 60,
      h: 3600,
      d: 86400,
      w: 604800,
      y: 31557600
    };
    REGEX = /^(\+|\-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i;
    checkFailed = "check_failed";
    normalizeTyp = (value) => {
      const normalized = value.toLowerCase();
      return value.includes("/") ? normalized : `application/${normalized}`;
    };
    checkAudiencePresence = (audPayload, audOption) => typeof audPayload == "string" ? audOption.includes(audPayload) : Array.isArray(audPayload) ? audOption.some((aud) => audPayload.includes(aud)) : false;
  }
});

// node_modules/jose/dist/webapi/jwt/verify.js
async function jwtVerify(jwt, key, options) {
  const [verified, b64] = await verifyCompact(jwt, prepareVerify(options), key);
  if (!b64)
    throw new JWTInvalid("JWTs MUST NOT use unencoded payload");
  const payload = validateClaimsSet(verified.protectedHeader, verified.payload, options);
  return { ...verified, payload };
}
var init_verify = __esm({
  "node_modules/jose/dist/webapi/jwt/verify.js"() {
    init_jws_verify();
    init_jwt_claims_set();
    init_errors2();
  }
});

// node_modules/jose/dist/webapi/index.js
var init_webapi = __esm({
  "node_modules/jose/dist/webapi/index.js"() {
    init_verify();
  }
});

// cloud/shared/db-commands.ts
var init_db_commands = __esm({
  "cloud/shared/db-commands.ts"() {
    "use strict";
  }
});

// cloud/login/sessions.ts
function ensureWebCrypto() {
  const scope = globalThis;
  if (!scope.crypto) scope.crypto = import_node_crypto3.webcrypto;
}
function deriveKey(secret, purpose) {
  const id = `${purpose}
${secret}`;
  let key = keyCache.get(id);
  if (!key) {
    key = new Uint8Array((0, import_node_crypto3.createHmac)("sha256", secret).update(`uni-wx-kit/${purpose}/v1`).digest());
    keyCache.set(id, key);
  }
  return key;
}
function collection(db) {
  return db.collection(SESSIONS);
}
async function getSession(db, sessionId) {
  const { data } = await collection(db).doc(sessionId).get();
  return data[0];
}
function claimsOf(payload) {
  if (typeof payload.sub !== "string" || !payload.sub || typeof payload.sid !== "string" || !payload.sid) throw invalid2();
  return { userId: payload.sub, sessionId: payload.sid };
}
async function verifyAccessToken(deps, token, options = {}) {
  if (token === void 0 || token === null || token === "") throw new CloudError("TOKEN_MISSING", "login required");
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) throw invalid2();
  ensureWebCrypto();
  try {
    const { payload } = await jwtVerify(token, deriveKey(deps.token.secret, "access-token"), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      requiredClaims: ["sub", "sid", "iat", "exp"],
      currentDate: new Date(deps.env.now())
    });
    return claimsOf(payload);
  } catch (error) {
    if (error instanceof CloudError) throw error;
    const e = error;
    if (e?.code === "ERR_JWT_EXPIRED" && e.payload) {
      if (options.allowExpired) return claimsOf(e.payload);
      throw new CloudError("TOKEN_EXPIRED", "token expired");
    }
    throw invalid2();
  }
}
function isLive(session, now) {
  return !!session && session.status === "active" && session.refreshExpiresAt > now;
}
async function authenticate(deps, token) {
  const claims = await verifyAccessToken(deps, token);
  const session = await getSession(deps.db, claims.sessionId);
  if (!isLive(session, deps.env.now()) || session.userId !== claims.userId) throw invalid2("session ended");
  return { userId: session.userId, sessionId: session._id, appid: session.appid };
}
var import_node_crypto3, SESSIONS, ISSUER, MAX_TOKEN_LENGTH, keyCache, invalid2;
var init_sessions = __esm({
  "cloud/login/sessions.ts"() {
    "use strict";
    import_node_crypto3 = require("node:crypto");
    init_webapi();
    init_errors();
    init_db_commands();
    init_env();
    init_collections();
    SESSIONS = COLLECTIONS.sessions;
    ISSUER = "uni-wx-kit";
    MAX_TOKEN_LENGTH = 2048;
    keyCache = /* @__PURE__ */ new Map();
    invalid2 = (message2 = "token invalid") => new CloudError("TOKEN_INVALID", message2);
  }
});

// cloud/login/caller.ts
async function authenticateCall(call, deps, token) {
  const caller = await authenticate(deps, token);
  callers.set(call, caller);
  return caller;
}
function callerOf(call) {
  const caller = callers.get(call);
  if (!caller) throw new CloudError("TOKEN_MISSING", "login required");
  return caller;
}
var callers;
var init_caller = __esm({
  "cloud/login/caller.ts"() {
    "use strict";
    init_errors();
    init_sessions();
    callers = /* @__PURE__ */ new WeakMap();
  }
});

// cloud/objects/downloads/index.ts
var downloads_exports = {};
__export(downloads_exports, {
  default: () => downloads_default
});
function fileDeps() {
  return { db: getUniCloud().database(), store: cloudFileStore(), env: systemEnv };
}
var NAME, AUTHENTICATED, OrderIdInput, ProductIdInput, downloads_default;
var init_downloads = __esm({
  "cloud/objects/downloads/index.ts"() {
    "use strict";
    init_dist();
    init_cloud_object();
    init_config();
    init_lifecycle();
    init_unicloud();
    init_validation();
    init_catalog();
    init_env();
    init_cloud_store();
    init_manuals();
    init_receipts();
    init_caller();
    NAME = "downloads";
    AUTHENTICATED = /* @__PURE__ */ new Set(["receiptUrl"]);
    OrderIdInput = object({ orderId: pipe(string(), minLength(1), maxLength(64)) });
    ProductIdInput = object({ productId: pipe(string(), regex(/^[A-Za-z0-9_-]{1,64}$/)) });
    downloads_default = defineCloudObject({
      async _before() {
        if (!AUTHENTICATED.has(this.getMethodName())) return;
        const deps = { db: getUniCloud().database(), token: getConfig(["token"]).token, env: systemEnv };
        await authenticateCall(this, deps, kitTokenOf(this));
      },
      _after(error, result) {
        return normaliseAnswer(NAME, this.getMethodName(), error, result);
      },
      /** The receipt (PDF) of one of the caller's paid orders. */
      async receiptUrl(input) {
        const { orderId } = parseInput(OrderIdInput, input);
        const issuer = { merchantName: getConfig(["merchant"]).merchant.name };
        return receiptFor(fileDeps(), issuer, callerOf(this).userId, orderId);
      },
      /** Which files a product offers (the product page shows a button for each). */
      async productFiles(input) {
        const { productId } = parseInput(ProductIdInput, input);
        await getProduct(getUniCloud().database(), productId);
        return productFiles(productId);
      },
      /** A product's manual (PDF); FILE_NOT_FOUND when it has none. */
      async manualUrl(input) {
        const { productId } = parseInput(ProductIdInput, input);
        await getProduct(getUniCloud().database(), productId);
        return manualFor(fileDeps(), productId);
      },
      /** A product's QR code (PNG), which the app's 扫一扫 opens. */
      async productCodeUrl(input) {
        const { productId } = parseInput(ProductIdInput, input);
        await getProduct(getUniCloud().database(), productId);
        return productCodeFor(fileDeps(), productId);
      }
    });
  }
});

// cloud/objects/downloads/downloads-entry.js
module.exports = (init_downloads(), __toCommonJS(downloads_exports)).default;

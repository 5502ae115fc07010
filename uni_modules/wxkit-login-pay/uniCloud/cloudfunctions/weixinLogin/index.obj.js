// GENERATED FILE - do not edit. Source: cloud/objects/weixinLogin/index.ts
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
function _addIssue(context2, label, dataset, config$1, other) {
  const input = other && "input" in other ? other.input : dataset.value;
  const expected = other?.expected ?? context2.expects ?? null;
  const received = other?.received ?? /* @__PURE__ */ _stringify(input);
  const issue = {
    kind: context2.kind,
    type: context2.type,
    input,
    expected,
    received,
    message: `Invalid ${label}: ${expected ? `Expected ${expected} but r` : "R"}eceived ${received}`,
    requirement: context2.requirement,
    path: other?.path,
    issues: other?.issues,
    lang: config$1.lang,
    abortEarly: config$1.abortEarly,
    abortPipeEarly: config$1.abortPipeEarly
  };
  const isSchema = context2.kind === "schema";
  const message$1 = other?.message ?? context2.message ?? /* @__PURE__ */ getSpecificMessage(context2.reference, issue.lang) ?? (isSchema ? /* @__PURE__ */ getSchemaMessage(issue.lang) : null) ?? config$1.message ?? /* @__PURE__ */ getGlobalMessage(issue.lang);
  if (message$1 !== void 0) issue.message = typeof message$1 === "function" ? message$1(issue) : message$1;
  if (isSchema) dataset.typed = false;
  if (dataset.issues) dataset.issues.push(issue);
  else dataset.issues = [issue];
}
// @__NO_SIDE_EFFECTS__
function _joinExpects(values$1, separator) {
  const list = [...new Set(values$1)];
  if (list.length > 1) return `(${list.join(` ${separator} `)})`;
  return list[0] ?? "never";
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
function length(requirement, message$1) {
  return {
    kind: "validation",
    type: "length",
    reference: length,
    async: false,
    expects: `${requirement}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && dataset.value.length !== this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
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
function trim() {
  return {
    kind: "transformation",
    type: "trim",
    reference: trim,
    async: false,
    "~run"(dataset) {
      dataset.value = dataset.value.trim();
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
function picklist(options, message$1) {
  return _standardSchema({
    kind: "schema",
    type: "picklist",
    reference: picklist,
    expects: /* @__PURE__ */ _joinExpects(options.map(_stringify), "|"),
    async: false,
    options,
    message: message$1,
    "~run"(dataset, config$1) {
      if (this.options.includes(dataset.value)) dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
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
function kitTokenOf(context2) {
  const params = context2.getParams() ?? [];
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

// cloud/shared/unicloud.ts
function getUniCloud() {
  return uniCloud;
}
var init_unicloud = __esm({
  "cloud/shared/unicloud.ts"() {
    "use strict";
  }
});

// cloud/shared/http.ts
function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid url)";
  }
}
function normaliseHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === void 0) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}
function isTimeout(error) {
  if (typeof error !== "object" || error === null) return false;
  const { name, code } = error;
  return typeof name === "string" && /timeout/i.test(name) || code === "ETIMEDOUT" || code === "ESOCKETTIMEDOUT";
}
function bodyBytes(data) {
  if (Buffer.isBuffer(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof Uint8Array) return data;
  if (data === void 0 || data === null) return new Uint8Array(0);
  throw new TypeError("httpclient returned a body that is not bytes");
}
function bodyText(data) {
  if (typeof data === "string") return data;
  if (data === void 0 || data === null) return "";
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  throw new TypeError("httpclient returned a non-text body");
}
function createUniCloudHttpClient(httpclient) {
  return {
    async request(url, { method, headers, body, timeoutMs, responseType = "text" }) {
      const client = httpclient ?? getUniCloud().httpclient;
      let answer;
      try {
        answer = await client.request(url, {
          method,
          headers,
          ...body === void 0 ? {} : { content: body },
          ...responseType === "text" ? { dataType: "text" } : {},
          timeout: timeoutMs
        });
      } catch (error) {
        throw new HttpError(isTimeout(error) ? "timeout" : "network", hostOf(url), timeoutMs);
      }
      const responseHeaders = normaliseHeaders(answer.headers);
      if (responseType === "bytes") return { status: answer.status, headers: responseHeaders, body: "", bytes: bodyBytes(answer.data) };
      return { status: answer.status, headers: responseHeaders, body: bodyText(answer.data) };
    }
  };
}
function backoffDelay(retry, baseDelayMs, maxDelayMs, random) {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + random() * ceiling / 2);
}
async function withRetry(fn, options) {
  const { retries, baseDelayMs, maxDelayMs = 1e4, shouldRetry, sleep = realSleep, random = Math.random } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= retries || !shouldRetry(error, attempt)) throw error;
      await sleep(backoffDelay(attempt, baseDelayMs, maxDelayMs, random));
    }
  }
}
var HttpError, realSleep;
var init_http = __esm({
  "cloud/shared/http.ts"() {
    "use strict";
    init_errors();
    init_unicloud();
    HttpError = class extends CloudError {
      constructor(failure, host, timeoutMs) {
        super(
          failure === "timeout" ? "UPSTREAM_TIMEOUT" : "UPSTREAM_UNREACHABLE",
          failure === "timeout" ? `request to ${host} timed out after ${timeoutMs} ms` : `request to ${host} failed`
        );
        this.name = "HttpError";
        this.failure = failure;
      }
    };
    realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
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

// cloud/shared/env.ts
function randomId(env, bytes = 16) {
  return Buffer.from(env.randomBytes(bytes)).toString("base64url");
}
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

// cloud/login/avatar.ts
function detect(bytes) {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))) return "png";
  if (bytes.length >= 3 && bytes[0] === 255 && bytes[1] === 216 && bytes[2] === 255) return "jpg";
  if (bytes.length >= 12 && bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WEBP") return "webp";
  return void 0;
}
function refuse(reason) {
  return new CloudError("PARAM_INVALID", `invalid parameter: avatar (${reason})`, { fields: [{ field: "avatar", reason }] });
}
function prepareAvatar(userId, input, env) {
  if (input.base64.length > Math.ceil(AVATAR_MAX_BYTES / 3) * 4 + 4) throw refuse("larger than 512 KiB");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.base64)) throw refuse("not base64");
  const bytes = Buffer.from(input.base64, "base64");
  if (bytes.length === 0) throw refuse("empty");
  if (bytes.length > AVATAR_MAX_BYTES) throw refuse("larger than 512 KiB");
  const type = detect(bytes);
  if (!type) throw refuse("not a PNG, JPEG or WebP image");
  const claimed = input.ext === "jpeg" ? "jpg" : input.ext;
  if (claimed !== type) throw refuse(`content is ${type}, not ${input.ext}`);
  return {
    cloudPath: `avatars/${userId}/${randomId(env, 12)}.${type}`,
    content: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    type
  };
}
var AVATAR_MAX_BYTES, AVATAR_EXTENSIONS;
var init_avatar = __esm({
  "cloud/login/avatar.ts"() {
    "use strict";
    init_errors();
    init_env();
    AVATAR_MAX_BYTES = 512 * 1024;
    AVATAR_EXTENSIONS = ["png", "jpg", "jpeg", "webp"];
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

// cloud/shared/db-commands.ts
function commands(db) {
  return db.command;
}
var init_db_commands = __esm({
  "cloud/shared/db-commands.ts"() {
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

// cloud/login/login-codes.ts
function clientBinding(call, client) {
  if (!client.idempotencyKey) return void 0;
  const parts = [call, client.idempotencyKey, client.clientIP, client.userAgent, client.platform, client.appId, client.deviceId];
  return (0, import_node_crypto3.createHash)("sha256").update(JSON.stringify(parts.map((part) => part ?? ""))).digest("hex");
}
function codeId(appid, code) {
  return (0, import_node_crypto3.createHash)("sha256").update(`${appid}
${code}`).digest("hex");
}
function codeUsed() {
  return new CloudError("LOGIN_CODE_USED", "login code already used");
}
async function claimCode(deps, appid, code, binding, options = {}) {
  const { leaseMs, waitMs, pollMs } = { ...DEFAULTS, ...options };
  const id = codeId(appid, code);
  const owner = randomId(deps.env, 12);
  const collection3 = deps.db.collection(LOGIN_CODES);
  const cmd = commands(deps.db);
  const deadline = deps.env.now() + waitMs;
  for (; ; ) {
    const now = deps.env.now();
    const claim = { status: "pending", owner, leaseUntil: now + leaseMs, expiresAt: now + CODE_TTL_MS };
    try {
      await collection3.add({ _id: id, ...claim, ...binding ? { binding } : {} });
      return { kind: "claimed", owner };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const record = (await collection3.doc(id).get()).data[0];
    if (record) {
      const stale2 = record.expiresAt <= now || record.status === "pending" && record.leaseUntil <= now;
      if (stale2) {
        const { updated } = await collection3.where({ _id: id, owner: record.owner, status: record.status }).update({ ...claim, binding: binding ?? cmd.remove(), doneAt: cmd.remove(), result: cmd.remove() });
        if (updated === 1) return { kind: "claimed", owner };
        continue;
      }
      if (!binding || record.binding !== binding) throw codeUsed();
      if (record.status === "done") {
        if (now - (record.doneAt ?? 0) > LOGIN_RETRY_WINDOW_MS) throw codeUsed();
        return { kind: "done", result: record.result };
      }
      if (now >= deadline) throw new CloudError("WX_UPSTREAM_BUSY", "a request with this code is still in progress");
      await deps.env.sleep(pollMs);
    }
  }
}
async function completeCode(deps, appid, code, owner, result) {
  await deps.db.collection(LOGIN_CODES).where({ _id: codeId(appid, code), owner, status: "pending" }).update({ status: "done", result: commands(deps.db).set(result), doneAt: deps.env.now(), leaseUntil: 0 });
}
async function releaseCode(deps, appid, code, owner) {
  await deps.db.collection(LOGIN_CODES).where({ _id: codeId(appid, code), owner, status: "pending" }).remove();
}
async function purgeLoginCodes(deps) {
  const { deleted } = await deps.db.collection(LOGIN_CODES).where({ expiresAt: commands(deps.db).lt(deps.env.now()) }).remove();
  return deleted;
}
var import_node_crypto3, LOGIN_CODES, CODE_TTL_MS, LOGIN_RETRY_WINDOW_MS, DEFAULTS;
var init_login_codes = __esm({
  "cloud/login/login-codes.ts"() {
    "use strict";
    import_node_crypto3 = require("node:crypto");
    init_database();
    init_errors();
    init_db_commands();
    init_env();
    init_collections();
    LOGIN_CODES = COLLECTIONS.loginCodes;
    CODE_TTL_MS = 5 * 60 * 1e3;
    LOGIN_RETRY_WINDOW_MS = 6e4;
    DEFAULTS = { leaseMs: 2e4, waitMs: 1e4, pollMs: 100 };
  }
});

// cloud/login/oauth-state.ts
function mac(secret, text2) {
  const key = (0, import_node_crypto4.createHmac)("sha256", secret).update("uni-wx-kit/oauth-state/v1").digest();
  return (0, import_node_crypto4.createHmac)("sha256", new Uint8Array(key)).update(text2).digest().subarray(0, 16).toString("base64url");
}
function createOAuthState(secret, input, env, ttlSeconds2 = STATE_TTL_SECONDS) {
  const expires = Math.floor(env.now() / 1e3) + ttlSeconds2;
  const body = `${VERSION}${OAUTH_SCOPES[input.scope]}.${expires.toString(36)}.${randomId(env, 9)}.${Buffer.from(input.returnPath, "utf8").toString("base64url")}`;
  const state = `${body}.${mac(secret, body)}`;
  if (Buffer.byteLength(state) > STATE_MAX_BYTES) {
    throw new CloudError("PARAM_INVALID", "invalid parameter: redirect (path too long for an OAuth state)", {
      fields: [{ field: "redirect", reason: "path too long" }]
    });
  }
  return state;
}
function verifyOAuthState(secret, state, env) {
  if (typeof state !== "string" || Buffer.byteLength(state) > STATE_MAX_BYTES) throw invalid();
  const match = /^1([bul])\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/.exec(state);
  if (!match) throw invalid();
  const body = state.slice(0, state.lastIndexOf("."));
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(match[5]);
  if (expected.length !== given.length || !(0, import_node_crypto4.timingSafeEqual)(new Uint8Array(expected), new Uint8Array(given))) throw invalid();
  const expiresAt = parseInt(match[2], 36) * 1e3;
  if (!(expiresAt > env.now())) throw invalid("oauth state expired");
  const scope2 = Object.keys(OAUTH_SCOPES).find((s) => OAUTH_SCOPES[s] === match[1]);
  return { scope: scope2, nonce: match[3], returnPath: Buffer.from(match[4], "base64url").toString("utf8"), expiresAt };
}
var import_node_crypto4, OAUTH_SCOPES, VERSION, STATE_MAX_BYTES, STATE_TTL_SECONDS, invalid;
var init_oauth_state = __esm({
  "cloud/login/oauth-state.ts"() {
    "use strict";
    import_node_crypto4 = require("node:crypto");
    init_errors();
    init_env();
    OAUTH_SCOPES = { snsapi_base: "b", snsapi_userinfo: "u", snsapi_login: "l" };
    VERSION = "1";
    STATE_MAX_BYTES = 128;
    STATE_TTL_SECONDS = 600;
    invalid = (message2 = "oauth state invalid") => new CloudError("OAUTH_STATE_INVALID", message2);
  }
});

// cloud/shared/rate-limit.ts
async function hit(deps, rule, key) {
  const windowMs = rule.windowSeconds * 1e3;
  const window = Math.floor(deps.env.now() / windowMs);
  const id = `${rule.name}.${(0, import_node_crypto5.createHash)("sha256").update(key).digest("hex").slice(0, 32)}.${window}`;
  const collection3 = deps.db.collection(RATE_LIMITS);
  const cmd = commands(deps.db);
  const admit = async () => (await collection3.where({ _id: id, count: cmd.lt(rule.limit) }).update({ count: cmd.inc(1) })).updated === 1;
  if (await admit()) return true;
  if (rule.limit < 1) return false;
  try {
    await collection3.add({ _id: id, rule: rule.name, count: 1, expiresAt: (window + 1) * windowMs });
    return true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  return admit();
}
async function enforce(deps, rule, key) {
  if (await hit(deps, rule, key)) return;
  const windowMs = rule.windowSeconds * 1e3;
  const retryAfterSeconds = Math.ceil((windowMs - deps.env.now() % windowMs) / 1e3);
  throw new CloudError("RATE_LIMITED", "too many requests, try again later", { retryAfterSeconds });
}
async function purgeRateLimits(deps) {
  const { deleted } = await deps.db.collection(RATE_LIMITS).where({ expiresAt: commands(deps.db).lt(deps.env.now()) }).remove();
  return deleted;
}
var import_node_crypto5, RATE_LIMITS;
var init_rate_limit = __esm({
  "cloud/shared/rate-limit.ts"() {
    "use strict";
    import_node_crypto5 = require("node:crypto");
    init_database();
    init_errors();
    init_db_commands();
    init_collections();
    RATE_LIMITS = COLLECTIONS.rateLimits;
  }
});

// cloud/shared/secret-box.ts
function view(buffer) {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
function secretBoxKey(base642) {
  const key = Buffer.from(base642, "base64");
  if (key.length !== 32) throw new CloudError("CONFIG_INVALID", "config invalid: sessionKeyEncryptionKey: must be base64 of 32 bytes");
  return view(key);
}
function seal(key, plaintext, context2, env) {
  const iv = env.randomBytes(IV_BYTES);
  const cipher = (0, import_node_crypto6.createCipheriv)("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(view(Buffer.from(context2, "utf8")));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()].map(view));
  return `${VERSION2}.${Buffer.from(iv).toString("base64url")}.${body.toString("base64url")}`;
}
function open(key, sealed, context2) {
  const parts = typeof sealed === "string" ? sealed.split(".") : [];
  if (parts.length !== 3 || parts[0] !== VERSION2) throw new CloudError("INTERNAL_ERROR", "sealed value is malformed");
  const iv = view(Buffer.from(parts[1], "base64url"));
  const body = view(Buffer.from(parts[2], "base64url"));
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new CloudError("INTERNAL_ERROR", "sealed value is malformed");
  try {
    const decipher = (0, import_node_crypto6.createDecipheriv)("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(view(Buffer.from(context2, "utf8")));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return decipher.update(body.subarray(0, body.length - TAG_BYTES), void 0, "utf8") + decipher.final("utf8");
  } catch {
    throw new CloudError("INTERNAL_ERROR", "sealed value does not authenticate");
  }
}
var import_node_crypto6, VERSION2, IV_BYTES, TAG_BYTES;
var init_secret_box = __esm({
  "cloud/shared/secret-box.ts"() {
    "use strict";
    import_node_crypto6 = require("node:crypto");
    init_errors();
    VERSION2 = "v1";
    IV_BYTES = 12;
    TAG_BYTES = 16;
  }
});

// node_modules/jose/dist/webapi/lib/buffer_utils.js
function concat(...buffers) {
  const size = buffers.reduce((acc, { length: length2 }) => acc + length2, 0), buf = new Uint8Array(size);
  let i = 0;
  for (const buffer of buffers)
    buf.set(buffer, i), i += buffer.length;
  return buf;
}
function encode(string2) {
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
function encodeBase64(input, url = false) {
  if (Uint8Array.prototype.toBase64)
    return input.toBase64({ alphabet: url ? "base64url" : "base64", omitPadding: url });
  const CHUNK_SIZE = 32768, arr = [];
  for (let i = 0; i < input.length; i += CHUNK_SIZE)
    arr.push(String.fromCharCode.apply(null, input.subarray(i, i + CHUNK_SIZE)));
  const encoded = btoa(arr.join(""));
  return url ? encoded.replace(/=/g, "").replace(/\+/g, "-").replace(/\//g, "_") : encoded;
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
    throw new TypeError(invalid2, { cause });
  }
}
function encode2(input) {
  return encodeBase64(typeof input == "string" ? encoder.encode(input) : input, true);
}
var invalid2;
var init_base64url = __esm({
  "node_modules/jose/dist/webapi/util/base64url.js"() {
    init_buffer_utils();
    invalid2 = "The input to be decoded is not correctly encoded.";
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
function assertNotSet(value, name) {
  if (value !== void 0)
    throw new TypeError(`${name} can only be called once`);
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
    return encode(value);
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
function validateCritDuplicates(Err, protectedHeader) {
  const { crit } = protectedHeader ?? {};
  if (Array.isArray(crit) && new Set(crit).size !== crit.length)
    throw new Err('"crit" (Critical) Header Parameter MUST NOT contain duplicate values');
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
function serializeJoseHeader(Err, header) {
  let serialized, parsed;
  try {
    serialized = JSON.stringify(header), parsed = JSON.parse(serialized);
  } catch (cause) {
    throw new Err("JOSE Header is not valid JSON", { cause });
  }
  if (!isObject(parsed))
    throw new Err("JOSE Header is not a JSON object");
  return [parsed, serialized];
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
    return encode(payload);
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
  const entry = jwsAlgorithm(alg), signingInput = concat(encodedProtectedHeader !== void 0 ? encode(encodedProtectedHeader) : new Uint8Array(), encode("."), typeof signingPayload == "string" ? shared[2] ??= encodeAsciiMember(signingPayload, "payload", JWSInvalid) : signingPayload), signature = decodeBase64url(jws.signature, "signature", JWSInvalid), verificationKey = await prepareKey(entry, key, "verify"), cryptoKey = await rawKey(verificationKey, entry.subtle, "verify");
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
  const { 0: protectedHeader, 1: payload, 2: signature, length: length2 } = jws.split(".");
  if (length2 !== 3)
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
function secs(str2) {
  typeof str2 != "string" && invalidDuration();
  const matched = REGEX.exec(str2);
  (!matched || matched[4] && matched[1]) && invalidDuration();
  const value = parseFloat(matched[2]), durationSeconds = Math.round(value * multipliers[matched[3][0].toLowerCase()]);
  return Number.isFinite(durationSeconds) || invalidDuration(), matched[1] === "-" || matched[4] === "ago" ? -durationSeconds : durationSeconds;
}
function validateInput(label, input) {
  if (!Number.isFinite(input))
    throw new TypeError(`Invalid ${label} input`);
  return input;
}
function validateStringClaim(claim, value) {
  if (typeof value != "string")
    throw new TypeError(`"${claim}" claim must be a string`);
}
function validateAudienceClaim(value) {
  if (typeof value != "string" && (!Array.isArray(value) || Array.from(value).some((member) => typeof member != "string")))
    throw new TypeError('"aud" claim must be a string or an array of strings');
}
function numericDate(value, label) {
  return typeof value == "number" ? validateInput(label, value) : value instanceof Date ? validateInput(label, epoch(value)) : epoch(/* @__PURE__ */ new Date()) + secs(value);
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
function producerClaimsSet(producer) {
  return producerClaimsSets.get(producer);
}
function jwtClaimsSetBytes(producer) {
  const claimsSet = producerClaimsSet(producer);
  for (const claim of ["iat", "nbf", "exp"]) {
    const value = claimsSet[claim];
    if (typeof value == "number" && !Number.isFinite(value))
      throw new TypeError(`"${claim}" claim must be a finite number`);
  }
  return encoder.encode(JSON.stringify(claimsSet));
}
var epoch, multipliers, REGEX, checkFailed, normalizeTyp, checkAudiencePresence, producerClaimsSets, JWTClaimsBuilder;
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
    JWTClaimsBuilder = class {
      constructor(claimsSet = {}) {
        if (!isObject(claimsSet))
          throw new TypeError("JWT Claims Set MUST be an object");
        (producerClaimsSets ||= /* @__PURE__ */ new WeakMap()).set(this, structuredClone(claimsSet));
      }
      setIssuer(value) {
        return validateStringClaim("iss", value), producerClaimsSet(this).iss = value, this;
      }
      setSubject(value) {
        return validateStringClaim("sub", value), producerClaimsSet(this).sub = value, this;
      }
      setAudience(value) {
        return validateAudienceClaim(value), producerClaimsSet(this).aud = value, this;
      }
      setJti(value) {
        return validateStringClaim("jti", value), producerClaimsSet(this).jti = value, this;
      }
      setNotBefore(value) {
        return producerClaimsSet(this).nbf = numericDate(value, "setNotBefore"), this;
      }
      setExpirationTime(value) {
        return producerClaimsSet(this).exp = numericDate(value, "setExpirationTime"), this;
      }
      setIssuedAt(value) {
        const claimsSet = producerClaimsSet(this);
        return value === void 0 ? claimsSet.iat = epoch(/* @__PURE__ */ new Date()) : typeof value == "string" ? claimsSet.iat = validateInput("setIssuedAt", epoch(/* @__PURE__ */ new Date()) + secs(value)) : claimsSet.iat = numericDate(value, "setIssuedAt"), this;
      }
    };
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

// node_modules/jose/dist/webapi/lib/jws_sign.js
async function createSignature(input, key, rejectUnencoded) {
  let [payload, protectedHeader, unprotectedHeader, crit] = input, encodedProtectedHeader = "";
  if (protectedHeader !== void 0) {
    const normalized = serializeJoseHeader(JWSInvalid, protectedHeader);
    protectedHeader = normalized[0], encodedProtectedHeader = encode2(normalized[1]);
  }
  if (unprotectedHeader !== void 0 && (unprotectedHeader = serializeJoseHeader(JWSInvalid, unprotectedHeader)[0]), !protectedHeader && !unprotectedHeader)
    throw new JWSInvalid("either setProtectedHeader or setUnprotectedHeader must be called before #sign()");
  if (!isDisjoint(protectedHeader, unprotectedHeader))
    throw new JWSInvalid("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...unprotectedHeader };
  validateCritDuplicates(JWSInvalid, protectedHeader);
  const b64 = validateB64(protectedHeader, validateCrit(JWSInvalid, JWS_RECOGNIZED, crit, protectedHeader, joseHeader));
  b64 || rejectUnencoded?.();
  const { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  const entry = jwsAlgorithm(alg);
  let encodedPayload = "", signingPayload = payload, signingInput;
  if (b64) {
    const encodedPayloadCache = input[4];
    encodedPayloadCache ? (encodedPayload = encodedPayloadCache[0] ??= encode2(payload), signingPayload = encodedPayloadCache[1] ??= encode(encodedPayload)) : (encodedPayload = encode2(payload), signingInput = encoder.encode(`${encodedProtectedHeader}.${encodedPayload}`));
  }
  signingInput ??= concat(encode(encodedProtectedHeader), encode("."), signingPayload);
  const signingKey = await rawKey(await prepareKey(entry, key, "sign"), entry.subtle, "sign");
  entry.minRsaBits && checkModulusLength(entry.alg, signingKey);
  const jws = {
    signature: encode2(new Uint8Array(await crypto.subtle.sign(entry.signing, signingKey, signingInput))),
    payload: encodedPayload
  };
  return protectedHeader && (jws.protected = encodedProtectedHeader), unprotectedHeader && (jws.header = unprotectedHeader), [jws, b64];
}
async function createCompactSignature(payload, protectedHeader, crit, key, rejectUnencoded) {
  const [jws] = await createSignature([payload, protectedHeader, void 0, crit], key, rejectUnencoded);
  return `${jws.protected}.${jws.payload}.${jws.signature}`;
}
var init_jws_sign = __esm({
  "node_modules/jose/dist/webapi/lib/jws_sign.js"() {
    init_base64url();
    init_jws_algorithms();
    init_validate();
    init_errors2();
    init_buffer_utils();
    init_key();
  }
});

// node_modules/jose/dist/webapi/jwt/sign.js
var SignJWT_base, SignJWT;
var init_sign = __esm({
  "node_modules/jose/dist/webapi/jwt/sign.js"() {
    init_jws_sign();
    init_errors2();
    init_jwt_claims_set();
    init_validate();
    SignJWT_base = JWTClaimsBuilder;
    SignJWT = class extends SignJWT_base {
      #protectedHeader;
      setProtectedHeader(protectedHeader) {
        return assertNotSet(this.#protectedHeader, "setProtectedHeader"), this.#protectedHeader = protectedHeader, this;
      }
      async sign(key, options) {
        return createCompactSignature(jwtClaimsSetBytes(this), this.#protectedHeader, options?.crit, key, () => {
          throw new JWTInvalid("JWTs MUST NOT use unencoded payload");
        });
      }
    };
  }
});

// node_modules/jose/dist/webapi/index.js
var init_webapi = __esm({
  "node_modules/jose/dist/webapi/index.js"() {
    init_verify();
    init_sign();
  }
});

// cloud/login/sessions.ts
function ensureWebCrypto() {
  const scope2 = globalThis;
  if (!scope2.crypto) scope2.crypto = import_node_crypto7.webcrypto;
}
function deriveKey(secret, purpose) {
  const id = `${purpose}
${secret}`;
  let key = keyCache.get(id);
  if (!key) {
    key = new Uint8Array((0, import_node_crypto7.createHmac)("sha256", secret).update(`uni-wx-kit/${purpose}/v1`).digest());
    keyCache.set(id, key);
  }
  return key;
}
function refreshMac(secret, sessionId, generation, salt) {
  return (0, import_node_crypto7.createHmac)("sha256", deriveKey(secret, "refresh-token")).update(`${sessionId}.${generation}.${salt}`).digest("base64url");
}
function safeEqual(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && (0, import_node_crypto7.timingSafeEqual)(new Uint8Array(x), new Uint8Array(y));
}
function collection(db) {
  return db.collection(SESSIONS);
}
async function signAccessToken(deps, userId, sessionId) {
  ensureWebCrypto();
  const iat = Math.floor(deps.env.now() / 1e3);
  const exp = iat + deps.token.accessTtlSeconds;
  const token = await new SignJWT({ sid: sessionId }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuer(ISSUER).setSubject(userId).setIssuedAt(iat).setExpirationTime(exp).sign(deriveKey(deps.token.secret, "access-token"));
  return { accessToken: token, accessTokenExpired: exp * 1e3 };
}
async function grantFor(deps, session) {
  return {
    ...await signAccessToken(deps, session.userId, session._id),
    refreshToken: `${session._id}.${session.generation}.${refreshMac(deps.token.secret, session._id, session.generation, session.salt)}`,
    refreshTokenExpired: session.refreshExpiresAt
  };
}
async function createSession(deps, input) {
  const now = deps.env.now();
  const session = {
    _id: randomId(deps.env, 16),
    userId: input.userId,
    appid: input.appid,
    status: "active",
    generation: 0,
    salt: randomId(deps.env, 16),
    createdAt: now,
    rotatedAt: now,
    refreshExpiresAt: now + deps.token.refreshTtlSeconds * 1e3,
    ...input.clientIP ? { clientIP: input.clientIP } : {}
  };
  await collection(deps.db).add({ ...session });
  return { session, grant: await grantFor(deps, session) };
}
async function getSession(db, sessionId) {
  const { data } = await collection(db).doc(sessionId).get();
  return data[0];
}
function claimsOf(payload) {
  if (typeof payload.sub !== "string" || !payload.sub || typeof payload.sid !== "string" || !payload.sid) throw invalid3();
  return { userId: payload.sub, sessionId: payload.sid };
}
async function verifyAccessToken(deps, token, options = {}) {
  if (token === void 0 || token === null || token === "") throw new CloudError("TOKEN_MISSING", "login required");
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) throw invalid3();
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
    throw invalid3();
  }
}
function isLive(session, now) {
  return !!session && session.status === "active" && session.refreshExpiresAt > now;
}
async function authenticate(deps, token) {
  const claims = await verifyAccessToken(deps, token);
  const session = await getSession(deps.db, claims.sessionId);
  if (!isLive(session, deps.env.now()) || session.userId !== claims.userId) throw invalid3("session ended");
  return { userId: session.userId, sessionId: session._id, appid: session.appid };
}
function parseRefreshToken(token) {
  if (typeof token !== "string" || token.length > 256) throw invalid3("refresh token invalid");
  const match = /^([A-Za-z0-9_-]{16,64})\.(0|[1-9][0-9]{0,8})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) throw invalid3("refresh token invalid");
  return { sessionId: match[1], generation: Number(match[2]), mac: match[3] };
}
async function revokeSession(deps, sessionId, reason) {
  const { updated } = await collection(deps.db).where({ _id: sessionId, status: "active" }).update({ status: "revoked", revokedAt: deps.env.now(), revokedReason: reason });
  return updated > 0;
}
async function refreshSession(deps, refreshToken) {
  const presented = parseRefreshToken(refreshToken);
  const graceMs = (deps.token.refreshGraceSeconds ?? DEFAULT_REFRESH_GRACE_SECONDS) * 1e3;
  for (let round = 0; round < 2; round++) {
    const session = await getSession(deps.db, presented.sessionId);
    if (!session) throw invalid3("refresh token invalid");
    const expected = refreshMac(deps.token.secret, session._id, presented.generation, session.salt);
    if (!safeEqual(expected, presented.mac) || presented.generation > session.generation) throw invalid3("refresh token invalid");
    if (session.status !== "active") throw invalid3("session ended");
    const now = deps.env.now();
    if (session.refreshExpiresAt <= now) throw new CloudError("TOKEN_EXPIRED", "refresh token expired");
    if (presented.generation === session.generation) {
      const next = {
        generation: session.generation + 1,
        rotatedAt: now,
        refreshExpiresAt: now + deps.token.refreshTtlSeconds * 1e3
      };
      const { updated } = await collection(deps.db).where({ _id: session._id, generation: session.generation, status: "active" }).update(next);
      if (updated === 1) {
        const rotated = { ...session, ...next };
        return { session: rotated, grant: await grantFor(deps, rotated) };
      }
      continue;
    }
    if (presented.generation === session.generation - 1 && now - session.rotatedAt <= graceMs) {
      return { session, grant: await grantFor(deps, session) };
    }
    await revokeSession(deps, session._id, "refresh_reuse");
    throw invalid3("refresh token reused; session revoked");
  }
  throw invalid3("refresh token invalid");
}
async function purgeEndedSessions(deps, keepMs) {
  const { deleted } = await collection(deps.db).where({ refreshExpiresAt: commands(deps.db).lt(deps.env.now() - keepMs) }).remove();
  return deleted;
}
var import_node_crypto7, SESSIONS, ISSUER, MAX_TOKEN_LENGTH, DEFAULT_REFRESH_GRACE_SECONDS, keyCache, invalid3;
var init_sessions = __esm({
  "cloud/login/sessions.ts"() {
    "use strict";
    import_node_crypto7 = require("node:crypto");
    init_webapi();
    init_errors();
    init_db_commands();
    init_env();
    init_collections();
    SESSIONS = COLLECTIONS.sessions;
    ISSUER = "uni-wx-kit";
    MAX_TOKEN_LENGTH = 2048;
    DEFAULT_REFRESH_GRACE_SECONDS = 30;
    keyCache = /* @__PURE__ */ new Map();
    invalid3 = (message2 = "token invalid") => new CloudError("TOKEN_INVALID", message2);
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

// cloud/login/users.ts
function collection2(db) {
  return db.collection(USERS);
}
function maskPhone(phone) {
  if (phone.length <= 4) return "*".repeat(phone.length);
  if (phone.length < 8) return `${"*".repeat(phone.length - 4)}${phone.slice(-4)}`;
  return `${phone.slice(0, 3)}${"*".repeat(phone.length - 7)}${phone.slice(-4)}`;
}
function toUserView(user) {
  const view2 = {
    userId: user._id,
    nickname: user.nickname ?? "",
    avatarUrl: user.avatarUrl ?? "",
    hasPhone: !!user.phone
  };
  if (user.phone) view2.phoneMasked = maskPhone(user.phone);
  return view2;
}
async function findByIdentity(db, appid, openid) {
  const { data } = await collection2(db).where({ appid, openid }).limit(1).get();
  return data[0];
}
async function findPrimaryOfUnionid(db, unionid) {
  const { data } = await collection2(db).where({ primaryUnionid: unionid }).limit(1).get();
  return data[0];
}
async function findUser(db, userId) {
  const { data } = await collection2(db).doc(userId).get();
  return data[0];
}
async function primaryOf(db, record) {
  if (!record.linkedUserId) return record;
  return await findUser(db, record.linkedUserId) ?? record;
}
async function attachUnionid(deps, record, unionid) {
  const cmd = commands(deps.db);
  const now = deps.env.now();
  if (!record.linkedUserId) {
    try {
      const { updated } = await collection2(deps.db).where({ _id: record._id, unionid: cmd.exists(false) }).update({ unionid, primaryUnionid: unionid, updatedAt: now });
      if (updated === 1) return { ...record, unionid, primaryUnionid: unionid };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const primary = await findPrimaryOfUnionid(deps.db, unionid);
      deps.warn?.(`[users] unionid conflict: user ${record._id} stays separate from ${primary?._id ?? "(unknown)"}`);
      await collection2(deps.db).where({ _id: record._id, unionid: cmd.exists(false) }).update({ unionid, updatedAt: now });
      return { ...record, unionid };
    }
  }
  return await findUser(deps.db, record._id) ?? record;
}
async function findOrCreateUser(deps, identity) {
  const { appid, openid, unionid, platform } = identity;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let existing = await findByIdentity(deps.db, appid, openid);
    if (existing) {
      const now2 = deps.env.now();
      if (unionid && !existing.unionid) existing = await attachUnionid(deps, existing, unionid);
      else if (unionid && existing.unionid !== unionid) {
        deps.warn?.(`[users] user ${existing._id}: WeChat reports a different unionid than stored; keeping the stored one`);
      }
      await collection2(deps.db).doc(existing._id).update({ lastLoginAt: now2 });
      return { user: await primaryOf(deps.db, existing), created: false };
    }
    const now = deps.env.now();
    const record = {
      appid,
      openid,
      platform,
      nickname: "",
      avatarUrl: "",
      createdAt: now,
      updatedAt: now,
      lastLoginAt: now
    };
    let primary;
    if (unionid) {
      record.unionid = unionid;
      primary = await findPrimaryOfUnionid(deps.db, unionid);
      if (primary) record.linkedUserId = primary._id;
      else record.primaryUnionid = unionid;
    }
    try {
      const { id } = await collection2(deps.db).add({ ...record });
      return { user: primary ?? { ...record, _id: id }, created: !primary };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw new CloudError("INTERNAL_ERROR", "could not create the user");
}
async function getUser(db, userId) {
  const user = await findUser(db, userId);
  if (!user) throw new CloudError("TOKEN_INVALID", "user no longer exists");
  return user;
}
async function updateProfile(deps, userId, change) {
  const patch = {};
  if (change.nickname !== void 0) patch.nickname = change.nickname;
  if (change.avatarUrl !== void 0) patch.avatarUrl = change.avatarUrl;
  if (change.avatarFileId !== void 0) patch.avatarFileId = change.avatarFileId;
  if (Object.keys(patch).length > 0) {
    patch.updatedAt = deps.env.now();
    await collection2(deps.db).doc(userId).update(patch);
  }
  return getUser(deps.db, userId);
}
async function fillProfileIfEmpty(deps, user, profile) {
  const now = deps.env.now();
  let next = user;
  if (profile.nickname && !user.nickname) {
    const { updated } = await collection2(deps.db).where({ _id: user._id, nickname: "" }).update({ nickname: profile.nickname, updatedAt: now });
    if (updated) next = { ...next, nickname: profile.nickname };
  }
  if (profile.avatarUrl && !user.avatarUrl) {
    const { updated } = await collection2(deps.db).where({ _id: user._id, avatarUrl: "" }).update({ avatarUrl: profile.avatarUrl, updatedAt: now });
    if (updated) next = { ...next, avatarUrl: profile.avatarUrl };
  }
  return next;
}
async function setPhone(deps, userId, phone) {
  const now = deps.env.now();
  await collection2(deps.db).doc(userId).update({ phone: phone.phone, phoneCountryCode: phone.countryCode, phoneVerifiedAt: now, phoneVerifiedBy: phone.verifiedBy ?? "quick", updatedAt: now });
  return getUser(deps.db, userId);
}
async function openidFor(db, userId, appid) {
  const own = await findUser(db, userId);
  if (own?.appid === appid) return own.openid;
  const { data } = await collection2(db).where({ linkedUserId: userId, appid }).limit(1).get();
  return data[0]?.openid;
}
var USERS, MAX_ATTEMPTS;
var init_users = __esm({
  "cloud/login/users.ts"() {
    "use strict";
    init_database();
    init_errors();
    init_db_commands();
    init_collections();
    USERS = COLLECTIONS.users;
    MAX_ATTEMPTS = 4;
  }
});

// cloud/wechat/errors.ts
function isCredentialError(error) {
  return error instanceof WechatApiError && CREDENTIAL_ERRCODES.includes(error.errcode);
}
var ERRCODE_TO_CODE, CREDENTIAL_ERRCODES, MESSAGES, WechatApiError;
var init_errors3 = __esm({
  "cloud/wechat/errors.ts"() {
    "use strict";
    init_errors();
    ERRCODE_TO_CODE = {
      [-1]: "WX_UPSTREAM_BUSY",
      40029: "WX_CODE_INVALID",
      40163: "WX_CODE_USED",
      45011: "WX_RATE_LIMITED",
      40226: "WX_USER_BLOCKED",
      // The app's own credentials are wrong: a configuration problem, not the user's.
      40013: "CONFIG_INVALID",
      40125: "CONFIG_INVALID",
      41002: "CONFIG_INVALID",
      41004: "CONFIG_INVALID",
      // 小程序发货信息管理 (docs/wechat-shipping-info.md). 44990: is_trade_managed's 频控.
      44990: "WX_RATE_LIMITED",
      10060001: "SHIPPING_TRADE_NOT_FOUND",
      10060002: "SHIPPING_ALREADY_COMPLETED",
      10060003: "SHIPPING_CORRECTION_USED",
      10060004: "SHIPPING_NOT_SHIPPABLE",
      10060012: "WX_UPSTREAM_BUSY",
      10060019: "WX_UPSTREAM_BUSY",
      10060028: "SHIPPING_NOT_SHIPPED",
      10060030: "SHIPPING_REMINDER_USED",
      10060031: "SHIPPING_PAYER_MISMATCH",
      10060032: "SHIPPING_REMINDER_EXPRESS_ONLY",
      ...Object.fromEntries(
        // The field rules of upload_shipping_info and notify_confirm_receive: the kit built a body WeChat refuses.
        [
          10060005,
          10060006,
          10060007,
          10060008,
          10060009,
          10060014,
          10060020,
          10060024,
          10060025,
          10060026,
          10060029,
          268485194,
          268485195,
          268485196,
          268485197,
          268485216,
          268485224,
          268485226,
          268485227,
          268485228
        ].map((errcode) => [errcode, "SHIPPING_INFO_REJECTED"])
      )
    };
    CREDENTIAL_ERRCODES = [40001, 42001];
    MESSAGES = {
      WX_UPSTREAM_BUSY: "WeChat is busy, try again",
      WX_CODE_INVALID: "WeChat code invalid or expired",
      WX_CODE_USED: "WeChat code already used",
      WX_RATE_LIMITED: "WeChat rate limit reached, try again in a minute",
      WX_USER_BLOCKED: "WeChat refused this user (risk control)",
      CONFIG_INVALID: "WeChat refused the app credentials: check appId and appSecret",
      SHIPPING_TRADE_NOT_FOUND: "WeChat has no such paid trade (yet)",
      SHIPPING_ALREADY_COMPLETED: "the buyer already confirmed receipt of this trade",
      SHIPPING_CORRECTION_USED: "the one re-shipment of this trade is used",
      SHIPPING_NOT_SHIPPABLE: "WeChat says this trade cannot be shipped (refunded?)",
      SHIPPING_PAYER_MISMATCH: "the trade does not belong to the payer openid sent",
      SHIPPING_INFO_REJECTED: "WeChat refused the shipping information",
      SHIPPING_NOT_SHIPPED: "the trade is not in the shipped state",
      SHIPPING_REMINDER_USED: "the one receipt reminder of this trade is used",
      SHIPPING_REMINDER_EXPRESS_ONLY: "receipt reminders are for express shipments only"
    };
    WechatApiError = class extends CloudError {
      constructor(api, errcode) {
        const code = ERRCODE_TO_CODE[errcode] ?? "WX_UPSTREAM_ERROR";
        super(code, MESSAGES[code] ?? `WeChat ${api} failed (errcode ${errcode})`, { errcode });
        this.name = "WechatApiError";
        this.errcode = errcode;
        this.api = api;
      }
    };
  }
});

// cloud/wechat/credential-cache.ts
function docId(kind, appid) {
  return `${kind}.${appid}`;
}
function fingerprint(value) {
  return (0, import_node_crypto8.createHash)("sha256").update(value).digest("hex").slice(0, 16);
}
function openValue(deps, record) {
  if (!record?.sealed) return void 0;
  try {
    return open(deps.key, record.sealed, record._id);
  } catch {
    return void 0;
  }
}
async function getCredential(deps, kind, appid, fetch) {
  const o = { ...DEFAULTS2, ...deps.options };
  const id = docId(kind, appid);
  const collection3 = deps.db.collection(WX_CREDENTIALS);
  const cmd = commands(deps.db);
  const owner = randomId(deps.env, 12);
  const deadline = deps.env.now() + o.waitMs;
  for (; ; ) {
    const record = (await collection3.doc(id).get()).data[0];
    const now = deps.env.now();
    const value = openValue(deps, record);
    if (value && record && record.refreshAt > now && !record.forceNext) return value;
    let leased = false;
    if (!record) {
      try {
        await collection3.add({ _id: id, kind, appid, expiresAt: 0, refreshAt: 0, leaseOwner: owner, leaseUntil: now + o.leaseMs, updatedAt: now });
        leased = true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    } else {
      const { updated } = await collection3.where({ _id: id, leaseUntil: cmd.lt(now) }).update({ leaseOwner: owner, leaseUntil: now + o.leaseMs });
      leased = updated === 1;
    }
    if (leased) {
      const force = !!record?.forceNext && now - (record.forcedAt ?? 0) >= o.forceIntervalMs;
      let fetched;
      try {
        fetched = await fetch(force);
      } catch (error) {
        await collection3.where({ _id: id, leaseOwner: owner }).update({ leaseUntil: 0 });
        throw error;
      }
      const at = deps.env.now();
      const lifetimeMs = fetched.expiresIn * 1e3;
      await collection3.where({ _id: id, leaseOwner: owner }).update({
        sealed: seal(deps.key, fetched.value, id, deps.env),
        fingerprint: fingerprint(fetched.value),
        expiresAt: at + lifetimeMs,
        // A value that lives shorter than the margin is still used for half its life.
        refreshAt: at + Math.max(lifetimeMs - o.refreshMarginMs, lifetimeMs / 2),
        leaseUntil: 0,
        forceNext: false,
        ...force ? { forcedAt: at } : {},
        updatedAt: at
      });
      return fetched.value;
    }
    if (value && record && record.expiresAt > now && !record.forceNext) return value;
    if (now >= deadline) throw new CloudError("WX_UPSTREAM_BUSY", "WeChat credential refresh is taking too long");
    await deps.env.sleep(o.pollMs);
  }
}
async function invalidateCredential(deps, kind, appid, rejected) {
  await deps.db.collection(WX_CREDENTIALS).where({ _id: docId(kind, appid), fingerprint: fingerprint(rejected) }).update({ forceNext: true, refreshAt: 0, updatedAt: deps.env.now() });
}
function getAccessToken(deps, client, app) {
  return getCredential(deps, "access_token", app.appId, async (force) => {
    const { accessToken, expiresIn } = await client.stableToken({ appid: app.appId, secret: app.appSecret, forceRefresh: force });
    return { value: accessToken, expiresIn };
  });
}
async function withAccessToken(deps, client, app, call) {
  const token = await getAccessToken(deps, client, app);
  try {
    return await call(token);
  } catch (error) {
    if (!isCredentialError(error)) throw error;
    await invalidateCredential(deps, "access_token", app.appId, token);
    return call(await getAccessToken(deps, client, app));
  }
}
function getJsapiTicket(deps, client, app) {
  return getCredential(deps, "jsapi_ticket", app.appId, async () => {
    const { ticket, expiresIn } = await withAccessToken(deps, client, app, (accessToken) => client.getTicket({ accessToken, type: "jsapi" }));
    return { value: ticket, expiresIn };
  });
}
var import_node_crypto8, WX_CREDENTIALS, DEFAULTS2;
var init_credential_cache = __esm({
  "cloud/wechat/credential-cache.ts"() {
    "use strict";
    import_node_crypto8 = require("node:crypto");
    init_database();
    init_errors();
    init_db_commands();
    init_env();
    init_secret_box();
    init_errors3();
    init_collections();
    WX_CREDENTIALS = COLLECTIONS.credentials;
    DEFAULTS2 = {
      refreshMarginMs: 18e4,
      leaseMs: 15e3,
      waitMs: 1e4,
      pollMs: 100,
      forceIntervalMs: 3e4
    };
  }
});

// cloud/wechat/jssdk.ts
function signedUrl(url) {
  const hash = url.indexOf("#");
  return hash < 0 ? url : url.slice(0, hash);
}
function jsSdkSignatureMessage({ ticket, nonceStr, timestamp, url }) {
  return `jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${signedUrl(url)}`;
}
function jsSdkSignature(input) {
  return (0, import_node_crypto9.createHash)("sha1").update(jsSdkSignatureMessage(input), "utf8").digest("hex");
}
var import_node_crypto9;
var init_jssdk = __esm({
  "cloud/wechat/jssdk.ts"() {
    "use strict";
    import_node_crypto9 = require("node:crypto");
  }
});

// cloud/login/session-keys.ts
function docId2(appid, openid) {
  return (0, import_node_crypto10.createHash)("sha256").update(`${appid}
${openid}`).digest("hex").slice(0, 40);
}
function context(appid, openid) {
  return `session_key|${appid}|${openid}`;
}
async function saveSessionKey(deps, appid, openid, sessionKey) {
  const record = {
    appid,
    openid,
    sealed: seal(deps.key, sessionKey, context(appid, openid), deps.env),
    updatedAt: deps.env.now()
  };
  await deps.db.collection(SESSION_KEYS).doc(docId2(appid, openid)).set(record);
}
async function readSessionKey(deps, appid, openid) {
  const { data } = await deps.db.collection(SESSION_KEYS).doc(docId2(appid, openid)).get();
  const record = data[0];
  return record ? open(deps.key, record.sealed, context(appid, openid)) : void 0;
}
var import_node_crypto10, SESSION_KEYS;
var init_session_keys = __esm({
  "cloud/login/session-keys.ts"() {
    "use strict";
    import_node_crypto10 = require("node:crypto");
    init_secret_box();
    init_collections();
    SESSION_KEYS = COLLECTIONS.sessionKeys;
  }
});

// cloud/login/open-data.ts
function bytesOf(base642) {
  const buffer = Buffer.from(base642, "base64");
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
function stale() {
  return new CloudError("SESSION_KEY_STALE", "encrypted data does not open with the stored session_key");
}
function openEncryptedData(input) {
  const key = bytesOf(input.sessionKey);
  if (key.length !== BLOCK_BYTES) throw stale();
  const iv = bytesOf(input.iv);
  const ciphertext = bytesOf(input.encryptedData);
  if (iv.length !== BLOCK_BYTES || ciphertext.length === 0 || ciphertext.length % BLOCK_BYTES !== 0) {
    throw new CloudError("PARAM_INVALID", "invalid parameter: encryptedData, iv", {
      fields: [{ field: "encryptedData", reason: "must be base64 of whole AES blocks" }, { field: "iv", reason: "must be base64 of 16 bytes" }]
    });
  }
  let text2;
  try {
    const decipher = (0, import_node_crypto11.createDecipheriv)("aes-128-cbc", key, iv);
    decipher.setAutoPadding(true);
    text2 = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw stale();
  }
  let parsed;
  try {
    parsed = JSON.parse(text2);
  } catch {
    throw stale();
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw stale();
  const { watermark, ...fields } = parsed;
  checkWatermark(watermark, input.appid, input.nowSeconds, input.window ?? OPEN_DATA_WATERMARK_WINDOW);
  return fields;
}
function checkWatermark(watermark, appid, nowSeconds, window) {
  const mark = typeof watermark === "object" && watermark !== null ? watermark : {};
  if (typeof mark.appid !== "string" || mark.appid !== appid) {
    throw new CloudError("OPEN_DATA_INVALID", "encrypted data was not issued for this mini program");
  }
  if (typeof mark.timestamp !== "number" || !Number.isInteger(mark.timestamp)) {
    throw new CloudError("OPEN_DATA_INVALID", "encrypted data carries no watermark time");
  }
  if (mark.timestamp < nowSeconds - window.maxAgeSeconds || mark.timestamp > nowSeconds + window.maxAheadSeconds) {
    throw new CloudError("OPEN_DATA_EXPIRED", "encrypted data is outside the watermark window");
  }
}
function isStepInfo(value) {
  if (typeof value !== "object" || value === null) return false;
  const { timestamp, step } = value;
  return Number.isInteger(timestamp) && Number.isInteger(step) && step >= 0;
}
function weRunFields(data) {
  const list = data.stepInfoList;
  if (!Array.isArray(list) || !list.every(isStepInfo)) {
    throw new CloudError("OPEN_DATA_INVALID", "encrypted data is not WeRun data");
  }
  return { stepInfoList: list.map(({ timestamp, step }) => ({ timestamp, step })) };
}
var import_node_crypto11, OPEN_DATA_WATERMARK_WINDOW, BLOCK_BYTES, OPEN_DATA_FIELDS;
var init_open_data = __esm({
  "cloud/login/open-data.ts"() {
    "use strict";
    import_node_crypto11 = require("node:crypto");
    init_errors();
    OPEN_DATA_WATERMARK_WINDOW = { maxAgeSeconds: 300, maxAheadSeconds: 60 };
    BLOCK_BYTES = 16;
    OPEN_DATA_FIELDS = { werun: weRunFields };
  }
});

// cloud/login/phone-codes.ts
function scope(appid) {
  return `getuserphonenumber|${appid}`;
}
async function exchangePhoneCodeOnce(deps, appid, code, caller, exchange) {
  let claim;
  try {
    claim = await claimCode(deps, scope(appid), code, (0, import_node_crypto12.createHash)("sha256").update(`phone
${caller.userId}`).digest("hex"), deps.codeCache);
  } catch (error) {
    if (error instanceof CloudError && error.code === "LOGIN_CODE_USED") throw new CloudError("PHONE_CODE_USED", "phone code already used");
    throw error;
  }
  if (claim.kind === "done") {
    if (claim.result.userId !== caller.userId) throw new CloudError("PHONE_CODE_USED", "phone code already used");
    return { replayed: true, result: claim.result };
  }
  try {
    await exchange();
  } catch (error) {
    await releaseCode(deps, scope(appid), code, claim.owner).catch(() => void 0);
    throw error;
  }
  await completeCode(deps, scope(appid), code, claim.owner, caller);
  return { replayed: false };
}
var import_node_crypto12;
var init_phone_codes = __esm({
  "cloud/login/phone-codes.ts"() {
    "use strict";
    import_node_crypto12 = require("node:crypto");
    init_errors();
    init_login_codes();
  }
});

// cloud/login/weixin-login.ts
function limitsOf(deps) {
  return { ...DEFAULT_LOGIN_LIMITS, ...deps.limits };
}
function credentialDeps(deps) {
  return { db: deps.db, env: deps.env, key: deps.sealingKey, options: deps.credentials };
}
async function replay(deps, cached) {
  const session = await getSession(deps.db, cached.sessionId);
  if (!session || session.status !== "active" || session.refreshExpiresAt <= deps.env.now() || session.generation !== cached.generation) {
    throw codeUsed();
  }
  const user = await getUser(deps.db, cached.userId);
  return { user: toUserView(user), ...await grantFor(deps, session) };
}
async function loginWith(deps, call, appid, code, client, exchange) {
  const limits = limitsOf(deps);
  const clientIP = client.clientIP;
  await enforce(deps, limits.perIp, clientIP || "unknown");
  let claim;
  try {
    claim = await claimCode(deps, appid, code, clientBinding(call, client), deps.codeCache);
  } catch (error) {
    if (error instanceof CloudError && error.code === "LOGIN_CODE_USED") deps.warn?.(`[login] ${call}: a used login code was presented again; refused`);
    throw error;
  }
  if (claim.kind === "done") return replay(deps, claim.result);
  try {
    const { identity, sessionKey, profile } = await exchange();
    await enforce(deps, limits.perOpenid, `${identity.appid}
${identity.openid}`);
    if (sessionKey) await saveSessionKey({ db: deps.db, key: deps.sealingKey, env: deps.env }, identity.appid, identity.openid, sessionKey);
    let { user } = await findOrCreateUser(deps, identity);
    if (profile) user = await fillProfileIfEmpty(deps, user, profile);
    const { session, grant } = await createSession(deps, { userId: user._id, appid: identity.appid, clientIP });
    await completeCode(deps, appid, code, claim.owner, { userId: user._id, sessionId: session._id, generation: session.generation });
    return { user: toUserView(user), ...grant };
  } catch (error) {
    await releaseCode(deps, appid, code, claim.owner).catch(() => void 0);
    throw error;
  }
}
function loginWithCode(deps, app, input) {
  return loginWith(deps, "login", app.appId, input.code, input.client ?? {}, async () => {
    const answer = await deps.wechat.jscode2session({ appid: app.appId, secret: app.appSecret, code: input.code });
    return {
      identity: { appid: app.appId, openid: answer.openid, platform: "mp", ...answer.unionid ? { unionid: answer.unionid } : {} },
      sessionKey: answer.sessionKey
    };
  });
}
function loginWithOAuth(deps, app, input) {
  return loginWith(deps, `loginByOAuth:${input.platform}`, app.appId, input.code, input.client ?? {}, async () => {
    const grant = await deps.wechat.oauthAccessToken({ appid: app.appId, secret: app.appSecret, code: input.code });
    let unionid = grant.unionid;
    let profile;
    if (/snsapi_(userinfo|login)/.test(grant.scope)) {
      try {
        const info = await deps.wechat.oauthUserInfo({ accessToken: grant.accessToken, openid: grant.openid });
        unionid ??= info.unionid;
        profile = { nickname: info.nickname || void 0, avatarUrl: info.headimgurl || void 0 };
      } catch (error) {
        if (!(error instanceof CloudError)) throw error;
        deps.warn?.(`[login] userinfo unavailable (${error.code}); continuing without profile`);
      }
    }
    return {
      identity: { appid: app.appId, openid: grant.openid, platform: input.platform, ...unionid ? { unionid } : {} },
      ...profile ? { profile } : {}
    };
  });
}
async function bindPhone(deps, app, userId, input) {
  const kind = input.kind ?? "quick";
  const openid = await openidFor(deps.db, userId, app.appId);
  await exchangePhoneCodeOnce(deps, app.appId, input.code, { userId, kind }, async () => {
    let info;
    try {
      info = await withAccessToken(
        credentialDeps(deps),
        deps.wechat,
        app,
        (accessToken) => deps.wechat.getUserPhoneNumber({ accessToken, code: input.code, ...openid ? { openid } : {} })
      );
    } catch (error) {
      if (error instanceof WechatApiError && error.errcode === 40003) throw new CloudError("WX_CODE_INVALID", "phone code was issued to another user");
      throw error;
    }
    if (info.watermark.appid && info.watermark.appid !== app.appId) {
      throw new CloudError("WX_UPSTREAM_ERROR", "phone number was issued for another app");
    }
    await setPhone(deps, userId, { phone: info.purePhoneNumber, countryCode: info.countryCode, verifiedBy: kind });
  });
  return getUser(deps.db, userId);
}
async function decryptUserData(deps, app, userId, input) {
  const openid = await openidFor(deps.db, userId, app.appId);
  let sessionKey;
  try {
    sessionKey = openid ? await readSessionKey({ db: deps.db, key: deps.sealingKey }, app.appId, openid) : void 0;
  } catch {
    sessionKey = void 0;
  }
  if (!sessionKey) throw new CloudError("SESSION_KEY_STALE", "no session_key is held for this user");
  const opened = openEncryptedData({
    sessionKey,
    encryptedData: input.encryptedData,
    iv: input.iv,
    appid: app.appId,
    nowSeconds: Math.floor(deps.env.now() / 1e3)
  });
  return OPEN_DATA_FIELDS[input.kind](opened);
}
async function jsSdkConfig(deps, app, url) {
  const ticket = await getJsapiTicket(credentialDeps(deps), deps.wechat, app);
  const timestamp = Math.floor(deps.env.now() / 1e3);
  const nonceStr = randomId(deps.env, 12);
  return { appId: app.appId, timestamp, nonceStr, signature: jsSdkSignature({ ticket, nonceStr, timestamp, url }) };
}
var DEFAULT_LOGIN_LIMITS;
var init_weixin_login = __esm({
  "cloud/login/weixin-login.ts"() {
    "use strict";
    init_errors();
    init_errors3();
    init_credential_cache();
    init_jssdk();
    init_env();
    init_login_codes();
    init_rate_limit();
    init_session_keys();
    init_open_data();
    init_phone_codes();
    init_sessions();
    init_users();
    DEFAULT_LOGIN_LIMITS = {
      perIp: { name: "login-ip", limit: 300, windowSeconds: 60 },
      perOpenid: { name: "login-openid", limit: 60, windowSeconds: 60 }
    };
  }
});

// cloud/wechat/client.ts
function isRetryable(error) {
  if (error instanceof WechatApiError) return error.errcode === -1;
  if (error instanceof UpstreamStatusError) return error.status >= 500;
  return error instanceof HttpError;
}
function str(value) {
  return typeof value === "string" && value !== "" ? value : void 0;
}
function num(value) {
  return typeof value === "number" && Number.isFinite(value) ? value : void 0;
}
function malformed(api) {
  return new CloudError("WX_UPSTREAM_ERROR", `WeChat ${api} answered an unexpected body`);
}
function createWechatClient(options) {
  const { http, baseUrl, timeoutMs = 3e3, retries = 2, baseDelayMs = 200, maxDelayMs = 2e3, sleep, random } = options;
  async function once(api, method, query, body) {
    const url = `${baseUrl}/${api}?${new URLSearchParams(query).toString()}`;
    const response = await http.request(url, {
      method,
      headers: body === void 0 ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      ...body === void 0 ? {} : { body: JSON.stringify(body) },
      timeoutMs
    });
    if (response.status !== 200) throw new UpstreamStatusError(api, response.status);
    let parsed;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      throw malformed(api);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw malformed(api);
    const answer = parsed;
    if (answer.errcode !== void 0 && answer.errcode !== 0) {
      throw new WechatApiError(api, typeof answer.errcode === "number" ? answer.errcode : Number(answer.errcode));
    }
    return answer;
  }
  async function call(api, method, query, body) {
    let retried = false;
    try {
      return await withRetry(
        (attempt) => {
          retried = attempt > 0;
          return once(api, method, query, body);
        },
        { retries, baseDelayMs, maxDelayMs, shouldRetry: isRetryable, sleep, random }
      );
    } catch (error) {
      if (isRetryable(error)) throw new CloudError("WX_UPSTREAM_BUSY", "WeChat is busy, try again");
      if (retried && error instanceof WechatApiError && error.errcode === 40163) {
        throw new CloudError("WX_UPSTREAM_BUSY", "WeChat is busy, get a new code and try again");
      }
      throw error;
    }
  }
  function oauthToken(api, answer) {
    const accessToken = str(answer.access_token);
    const openid = str(answer.openid);
    const refreshToken = str(answer.refresh_token);
    if (!accessToken || !openid || !refreshToken) throw malformed(api);
    return {
      accessToken,
      expiresIn: num(answer.expires_in) ?? 7200,
      refreshToken,
      openid,
      scope: str(answer.scope) ?? "",
      ...str(answer.unionid) ? { unionid: str(answer.unionid) } : {}
    };
  }
  function tradeBody(trade) {
    return "transactionId" in trade ? { transaction_id: trade.transactionId } : { merchant_id: trade.merchantId, merchant_trade_no: trade.merchantTradeNo };
  }
  return {
    async jscode2session({ appid, secret, code }) {
      const api = "sns/jscode2session";
      const answer = await call(api, "GET", { appid, secret, js_code: code, grant_type: "authorization_code" });
      const openid = str(answer.openid);
      const sessionKey = str(answer.session_key);
      if (!openid || !sessionKey) throw malformed(api);
      const unionid = str(answer.unionid);
      return unionid ? { openid, sessionKey, unionid } : { openid, sessionKey };
    },
    async stableToken({ appid, secret, forceRefresh }) {
      const api = "cgi-bin/stable_token";
      const answer = await call(api, "POST", {}, { grant_type: "client_credential", appid, secret, force_refresh: forceRefresh });
      const accessToken = str(answer.access_token);
      const expiresIn = num(answer.expires_in);
      if (!accessToken || !expiresIn) throw malformed(api);
      return { accessToken, expiresIn };
    },
    async getUserPhoneNumber({ accessToken, code, openid }) {
      const api = "wxa/business/getuserphonenumber";
      const answer = await call(api, "POST", { access_token: accessToken }, openid ? { code, openid } : { code });
      const info = answer.phone_info;
      const watermark = info?.watermark ?? {};
      const purePhoneNumber = str(info?.purePhoneNumber);
      if (!info || !purePhoneNumber) throw malformed(api);
      return {
        phoneNumber: str(info.phoneNumber) ?? purePhoneNumber,
        purePhoneNumber,
        countryCode: str(info.countryCode) ?? "86",
        watermark: { timestamp: num(watermark.timestamp) ?? 0, appid: str(watermark.appid) ?? "" }
      };
    },
    async oauthAccessToken({ appid, secret, code }) {
      const api = "sns/oauth2/access_token";
      return oauthToken(api, await call(api, "GET", { appid, secret, code, grant_type: "authorization_code" }));
    },
    async oauthRefreshToken({ appid, refreshToken }) {
      const api = "sns/oauth2/refresh_token";
      return oauthToken(api, await call(api, "GET", { appid, grant_type: "refresh_token", refresh_token: refreshToken }));
    },
    async oauthUserInfo({ accessToken, openid }) {
      const api = "sns/userinfo";
      const answer = await call(api, "GET", { access_token: accessToken, openid, lang: "zh_CN" });
      const id = str(answer.openid);
      if (!id) throw malformed(api);
      return {
        openid: id,
        nickname: typeof answer.nickname === "string" ? answer.nickname : "",
        headimgurl: typeof answer.headimgurl === "string" ? answer.headimgurl : "",
        ...str(answer.unionid) ? { unionid: str(answer.unionid) } : {}
      };
    },
    async getTicket({ accessToken, type }) {
      const api = "cgi-bin/ticket/getticket";
      const answer = await call(api, "GET", { access_token: accessToken, type });
      const ticket = str(answer.ticket);
      const expiresIn = num(answer.expires_in);
      if (!ticket || !expiresIn) throw malformed(api);
      return { ticket, expiresIn };
    },
    async isTradeManaged({ accessToken, appid }) {
      const api = "wxa/sec/order/is_trade_managed";
      const answer = await call(api, "POST", { access_token: accessToken }, { appid });
      if (typeof answer.is_trade_managed !== "boolean") throw malformed(api);
      return answer.is_trade_managed;
    },
    async uploadShippingInfo({ accessToken, info }) {
      await call("wxa/sec/order/upload_shipping_info", "POST", { access_token: accessToken }, info);
    },
    async getShippingOrder({ accessToken, trade }) {
      const api = "wxa/sec/order/get_order";
      const answer = await call(api, "POST", { access_token: accessToken }, tradeBody(trade));
      const order = answer.order;
      const orderState = num(order?.order_state);
      if (!order || orderState === void 0) throw malformed(api);
      const shipping = order.shipping ?? {};
      return { orderState, finishShippingCount: num(shipping.finish_shipping_count) ?? 0, inComplaint: order.in_complaint === true };
    },
    async notifyConfirmReceive({ accessToken, trade, receivedTime }) {
      await call("wxa/sec/order/notify_confirm_receive", "POST", { access_token: accessToken }, { ...tradeBody(trade), received_time: receivedTime });
    },
    async getDeliveryList({ accessToken }) {
      const api = "cgi-bin/express/delivery/open_msg/get_delivery_list";
      const answer = await call(api, "POST", { access_token: accessToken }, {});
      if (!Array.isArray(answer.delivery_list)) throw malformed(api);
      const companies = [];
      for (const entry of answer.delivery_list) {
        const id = str(entry?.delivery_id);
        if (id) companies.push({ id, name: str(entry.delivery_name) ?? id });
      }
      return companies;
    }
  };
}
var UpstreamStatusError;
var init_client = __esm({
  "cloud/wechat/client.ts"() {
    "use strict";
    init_errors();
    init_http();
    init_errors3();
    UpstreamStatusError = class extends CloudError {
      constructor(api, status) {
        super("WX_UPSTREAM_ERROR", `WeChat ${api} answered HTTP ${status}`);
        this.status = status;
        this.name = "UpstreamStatusError";
      }
    };
  }
});

// cloud/wechat/oauth-urls.ts
function oauthAuthorizeUrl({ openBaseUrl, appid, redirectUri, scope: scope2, state }) {
  const query = [
    `appid=${encodeURIComponent(appid)}`,
    `redirect_uri=${encodeURIComponent(redirectUri)}`,
    "response_type=code",
    `scope=${scope2}`,
    `state=${encodeURIComponent(state)}`
  ];
  if (scope2 === "snsapi_login") return `${openBaseUrl}/connect/qrconnect?${query.join("&")}#wechat_redirect`;
  return `${openBaseUrl}/connect/oauth2/authorize?${query.join("&")}&connect_redirect=1#wechat_redirect`;
}
var init_oauth_urls = __esm({
  "cloud/wechat/oauth-urls.ts"() {
    "use strict";
  }
});

// cloud/objects/weixinLogin/index.ts
var weixinLogin_exports = {};
__export(weixinLogin_exports, {
  default: () => weixinLogin_default
});
function isWebUrl(value) {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password;
  } catch {
    return false;
  }
}
function hasNoControlCharacters(value) {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || c === 127) return false;
  }
  return true;
}
function sessionDeps() {
  return { db: getUniCloud().database(), token: getConfig(["token"]).token, env: systemEnv };
}
function loginDeps() {
  const config = getConfig(["token", "sessionKeyEncryptionKey"]);
  const uniCloud2 = getUniCloud();
  return {
    db: uniCloud2.database(),
    env: systemEnv,
    wechat: createWechatClient({
      http: createUniCloudHttpClient(),
      baseUrl: config.endpoints.weixinApi
    }),
    token: config.token,
    sealingKey: secretBoxKey(config.sessionKeyEncryptionKey),
    warn: (line) => console.warn(line)
  };
}
function loginClient(info, idempotencyKey2) {
  return {
    idempotencyKey: idempotencyKey2,
    clientIP: text(info.clientIP, 64),
    userAgent: text(info.userAgent, 512),
    platform: text(info.uniPlatform, 32),
    appId: text(info.appId, 64),
    deviceId: text(info.deviceId, 128)
  };
}
function oauthApp(scope2) {
  return scope2 === "snsapi_login" ? getConfig(["website"]).website : getConfig(["officialAccount"]).officialAccount;
}
var NAME, AUTHENTICATED, ENDED_SESSION_KEEP_MS, printable, webUrl, idempotencyKey, LoginInput, PhoneInput, base64, OpenDataInput, OAuthUrlInput, OAuthLoginInput, RefreshInput, ProfileInput, JsSdkInput, text, weixinLogin_default;
var init_weixinLogin = __esm({
  "cloud/objects/weixinLogin/index.ts"() {
    "use strict";
    init_dist();
    init_cloud_object();
    init_config();
    init_http();
    init_lifecycle();
    init_unicloud();
    init_validation();
    init_avatar();
    init_env();
    init_login_codes();
    init_oauth_state();
    init_rate_limit();
    init_secret_box();
    init_caller();
    init_sessions();
    init_users();
    init_weixin_login();
    init_client();
    init_oauth_urls();
    NAME = "weixinLogin";
    AUTHENTICATED = /* @__PURE__ */ new Set(["me", "updateProfile", "bindPhone", "decryptData"]);
    ENDED_SESSION_KEEP_MS = 7 * 864e5;
    printable = (max) => pipe(string(), minLength(1), maxLength(max), regex(/^[\x21-\x7e]+$/));
    webUrl = (max) => pipe(string(), maxLength(max), check(isWebUrl, "must be an http(s) URL"));
    idempotencyKey = optional(pipe(string(), regex(/^[A-Za-z0-9_-]{16,64}$/)));
    LoginInput = object({ code: printable(128), idempotencyKey });
    PhoneInput = object({ code: printable(128), kind: optional(picklist(["quick", "realtime"])) });
    base64 = (max) => pipe(string(), minLength(4), maxLength(max), regex(/^[A-Za-z0-9+/]+={0,2}$/));
    OpenDataInput = object({
      encryptedData: base64(16384),
      iv: pipe(base64(24), length(24)),
      kind: picklist(["werun"])
    });
    OAuthUrlInput = object({
      scope: picklist(["snsapi_base", "snsapi_userinfo", "snsapi_login"]),
      // Where WeChat sends the browser back; the hash would be lost behind WeChat's ?code.
      redirect: pipe(webUrl(512), check((url) => !url.includes("#"), "must not contain #"))
    });
    OAuthLoginInput = object({ code: printable(128), state: pipe(string(), maxLength(128)), idempotencyKey });
    RefreshInput = object({ refreshToken: pipe(string(), minLength(1), maxLength(256)) });
    ProfileInput = pipe(
      object({
        nickname: optional(
          pipe(
            string(),
            trim(),
            minLength(1),
            maxLength(32),
            check(hasNoControlCharacters, "must not contain control characters")
          )
        ),
        avatar: optional(object({ base64: pipe(string(), minLength(1)), ext: picklist(AVATAR_EXTENSIONS) }))
      }),
      check((input) => input.nickname !== void 0 || input.avatar !== void 0, "nothing to change")
    );
    JsSdkInput = object({ url: webUrl(1024) });
    text = (value, max) => typeof value === "string" && value ? value.slice(0, max) : void 0;
    weixinLogin_default = defineCloudObject({
      async _before() {
        if (AUTHENTICATED.has(this.getMethodName())) await authenticateCall(this, sessionDeps(), kitTokenOf(this));
      },
      _after(error, result) {
        return normaliseAnswer(NAME, this.getMethodName(), error, result);
      },
      /** Timer trigger: drop expired rate-limit windows, code cache entries and long-ended sessions. */
      async _timing() {
        const deps = { db: getUniCloud().database(), env: systemEnv };
        await purgeRateLimits(deps);
        await purgeLoginCodes(deps);
        await purgeEndedSessions(deps, ENDED_SESSION_KEEP_MS);
      },
      /**
       * Mini program login with a `wx.login` code. `idempotencyKey` (random per
       * attempt) lets a retry of this call get the same answer; any other repeat
       * of the code answers LOGIN_CODE_USED.
       */
      async login(input) {
        const { code, idempotencyKey: idempotencyKey2 } = parseInput(LoginInput, input);
        return loginWithCode(loginDeps(), getConfig(["mp"]).mp, { code, client: loginClient(this.getClientInfo(), idempotencyKey2) });
      },
      /** The WeChat authorize (or desktop QR) URL to send the browser to; `redirect` is the app URL WeChat returns to. */
      async getOAuthUrl(input) {
        const { scope: scope2, redirect } = parseInput(OAuthUrlInput, input);
        const app = oauthApp(scope2);
        const { token, endpoints } = getConfig(["token"]);
        const target = new URL(redirect);
        const state = createOAuthState(token.secret, { scope: scope2, returnPath: target.pathname + target.search }, systemEnv);
        return { url: oauthAuthorizeUrl({ openBaseUrl: endpoints.weixinOpen, appid: app.appId, redirectUri: redirect, scope: scope2, state }) };
      },
      /**
       * Web login with the `code` and `state` WeChat put on the redirect. Also
       * answers the state's return path. A repeated code: as for `login`.
       */
      async loginByOAuth(input) {
        const { code, state, idempotencyKey: idempotencyKey2 } = parseInput(OAuthLoginInput, input);
        const verified = verifyOAuthState(getConfig(["token"]).token.secret, state, systemEnv);
        const answer = await loginWithOAuth(loginDeps(), oauthApp(verified.scope), {
          code,
          platform: verified.scope === "snsapi_login" ? "website" : "officialAccount",
          client: loginClient(this.getClientInfo(), idempotencyKey2)
        });
        return { ...answer, returnPath: verified.returnPath };
      },
      /** Trade a refresh token for a new access token and refresh token (the old one dies). */
      async refreshToken(input) {
        const { refreshToken } = parseInput(RefreshInput, input);
        const deps = sessionDeps();
        const { session, grant } = await refreshSession(deps, refreshToken);
        return { user: toUserView(await getUser(deps.db, session.userId)), ...grant };
      },
      /** End this session on the server (an expired but authentic access token is accepted). */
      async logout() {
        const deps = sessionDeps();
        const { sessionId } = await verifyAccessToken(deps, kitTokenOf(this), { allowExpired: true });
        await revokeSession(deps, sessionId, "logout");
        return {};
      },
      /** The signed-in user. */
      async me() {
        return { user: toUserView(await getUser(getUniCloud().database(), callerOf(this).userId)) };
      },
      /**
       * Change nickname and/or avatar. The avatar is sent as `{ base64, ext }`
       * (PNG, JPEG or WebP, at most 512 KiB, checked by content) and stored in
       * cloud storage by the server.
       */
      async updateProfile(input) {
        const { nickname, avatar } = parseInput(ProfileInput, input);
        const { userId } = callerOf(this);
        const uniCloud2 = getUniCloud();
        const db = uniCloud2.database();
        const change = {};
        if (nickname !== void 0) change.nickname = nickname;
        let previousFileId;
        if (avatar) {
          const file = prepareAvatar(userId, avatar, systemEnv);
          const { fileID } = await uniCloud2.uploadFile({ cloudPath: file.cloudPath, fileContent: file.content });
          const { fileList } = await uniCloud2.getTempFileURL({ fileList: [fileID] });
          const avatarUrl = fileList[0]?.tempFileURL || fileID;
          previousFileId = (await getUser(db, userId)).avatarFileId;
          change.avatarUrl = avatarUrl;
          change.avatarFileId = fileID;
        }
        const user = await updateProfile({ db, env: systemEnv }, userId, change);
        if (previousFileId && previousFileId !== change.avatarFileId) {
          await uniCloud2.deleteFile({ fileList: [previousFileId] }).catch(() => void 0);
        }
        return { user: toUserView(user) };
      },
      /**
       * Bind the phone number from a phone button's code: `kind` 'quick'
       * (getPhoneNumber, the default) or 'realtime' (getRealtimePhoneNumber, for
       * operations that need the carrier's check). A code is exchanged once; the
       * same user's repeat answers the same, anyone else's PHONE_CODE_USED.
       */
      async bindPhone(input) {
        const { code, kind } = parseInput(PhoneInput, input);
        const user = await bindPhone(loginDeps(), getConfig(["mp"]).mp, callerOf(this).userId, { code, kind });
        return { user: toUserView(user) };
      },
      /**
       * Open the mini program's encrypted open data (`kind` 'werun':
       * wx.getWeRunData's encryptedData and iv) with the session_key the server
       * holds; answers only the business fields (`stepInfoList`). SESSION_KEY_STALE:
       * log in again with wx.login and fetch the data afresh.
       */
      async decryptData(input) {
        const { encryptedData, iv, kind } = parseInput(OpenDataInput, input);
        return decryptUserData(loginDeps(), getConfig(["mp"]).mp, callerOf(this).userId, { encryptedData, iv, kind });
      },
      /** `wx.config` parameters for an H5 page inside the WeChat browser. */
      async getJsSdkConfig(input) {
        const { url } = parseInput(JsSdkInput, input);
        return jsSdkConfig(loginDeps(), getConfig(["officialAccount"]).officialAccount, url);
      }
    });
  }
});

// cloud/objects/weixinLogin/weixinLogin-entry.js
module.exports = (init_weixinLogin(), __toCommonJS(weixinLogin_exports)).default;

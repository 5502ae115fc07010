// GENERATED FILE - do not edit. Source: cloud/objects/payAdmin/index.ts
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
function maxValue(requirement, message$1) {
  return {
    kind: "validation",
    type: "max_value",
    reference: maxValue,
    async: false,
    expects: `<=${requirement instanceof Date ? requirement.toJSON() : /* @__PURE__ */ _stringify(requirement)}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && !(dataset.value <= this.requirement)) _addIssue(this, "value", dataset, config$1, { received: dataset.value instanceof Date ? dataset.value.toJSON() : /* @__PURE__ */ _stringify(dataset.value) });
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

// node_modules/jose/dist/webapi/lib/buffer_utils.js
function concat(...buffers) {
  const size = buffers.reduce((acc, { length }) => acc + length, 0), buf = new Uint8Array(size);
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
function commands(db) {
  return db.command;
}
function inRange(db, from, to) {
  const cmd = db.command;
  return cmd.gte(from).and(cmd.lt(to));
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

// cloud/login/users.ts
var USERS;
var init_users = __esm({
  "cloud/login/users.ts"() {
    "use strict";
    init_database();
    init_errors();
    init_db_commands();
    init_collections();
    USERS = COLLECTIONS.users;
  }
});

// cloud/merchant/role.ts
async function requireOperator(db, caller, merchant) {
  const operator = await operatorOf(db, caller.userId, merchant.operators);
  if (!operator) throw new CloudError("MERCHANT_ONLY", "only a merchant operator may do this");
  return operator;
}
async function operatorOf(db, userId, entries) {
  const byUserId = entries.find((entry) => entry.userId === userId);
  if (byUserId) return { userId, name: byUserId.name ?? "店员" };
  const identities = entries.filter((entry) => !!entry.appid && !!entry.openid);
  if (identities.length === 0) return void 0;
  const { data } = await db.collection(USERS).where({ openid: commands(db).in(identities.map((entry) => entry.openid)) }).limit(identities.length).get();
  for (const user of data) {
    if ((user.linkedUserId ?? user._id) !== userId) continue;
    const entry = identities.find((e) => e.appid === user.appid && e.openid === user.openid);
    if (entry) return { userId, name: entry.name ?? "店员" };
  }
  return void 0;
}
var init_role = __esm({
  "cloud/merchant/role.ts"() {
    "use strict";
    init_db_commands();
    init_errors();
    init_users();
  }
});

// cloud/shared/error-label.ts
function errorLabel(error) {
  if (typeof error !== "object" || error === null) return typeof error;
  const { name, code } = error;
  const label = typeof name === "string" ? name : "Error";
  return typeof code === "string" || typeof code === "number" ? `${label}(${code})` : label;
}
var init_error_label = __esm({
  "cloud/shared/error-label.ts"() {
    "use strict";
  }
});

// cloud/pay/refund-records.ts
function refundsOf(db) {
  return db.collection(REFUNDS);
}
function toRefundView(refund) {
  const view3 = { refundId: refund._id, amount: refund.amount, reason: refund.reason, status: refund.status, requestedAt: refund.requestedAt };
  if (refund.rejectReason) view3.rejectReason = refund.rejectReason;
  if (refund.settledAt !== void 0) view3.settledAt = refund.settledAt;
  return view3;
}
var REFUNDS;
var init_refund_records = __esm({
  "cloud/pay/refund-records.ts"() {
    "use strict";
    init_collections();
    REFUNDS = COLLECTIONS.refunds;
  }
});

// cloud/catalog/catalog.ts
var DEFAULT_DELIVERY_KIND, COLLECTION;
var init_catalog = __esm({
  "cloud/catalog/catalog.ts"() {
    "use strict";
    init_errors();
    init_collections();
    DEFAULT_DELIVERY_KIND = "express";
    COLLECTION = COLLECTIONS.products;
  }
});

// cloud/shared/beijing-time.ts
function wallClock(ms) {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString();
}
function beijingDate(ms) {
  return wallClock(ms).slice(0, 10);
}
function beijingStamp(ms) {
  return wallClock(ms).replace(/\D/g, "").slice(0, 14);
}
function formatBeijingDateTime(ms) {
  return wallClock(ms).slice(0, 19).replace("T", " ");
}
function formatBeijingRfc3339(ms, options = {}) {
  return `${wallClock(ms).slice(0, options.millis ? 23 : 19)}+08:00`;
}
function parseBeijingDateTime(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!match) return void 0;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  if (h > 23 || mi > 59 || s > 59) return void 0;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return void 0;
  return ms - BEIJING_OFFSET_MS;
}
function isCalendarDate(text) {
  const match = DATE.exec(text);
  if (!match) return false;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().slice(0, 10) === text;
}
function addDays(date, days) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
function beijingDayRange(date) {
  if (!isCalendarDate(date)) throw new RangeError("not a calendar day written YYYY-MM-DD");
  const start = Date.parse(`${date}T00:00:00Z`) - BEIJING_OFFSET_MS;
  return { start, end: start + DAY_MS };
}
function lastBeijingDays(now, count) {
  const today = beijingDate(now);
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(today, i - (count - 1));
    return { date, start: beijingDayRange(date).start };
  });
}
var BEIJING_OFFSET_MS, DAY_MS, DATE;
var init_beijing_time = __esm({
  "cloud/shared/beijing-time.ts"() {
    "use strict";
    BEIJING_OFFSET_MS = 8 * 36e5;
    DAY_MS = 24 * 36e5;
    DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
  }
});

// cloud/shared/secret-box.ts
function view(buffer) {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
function secretBoxKey(base64) {
  const key = Buffer.from(base64, "base64");
  if (key.length !== 32) throw new CloudError("CONFIG_INVALID", "config invalid: sessionKeyEncryptionKey: must be base64 of 32 bytes");
  return view(key);
}
function seal(key, plaintext, context, env) {
  const iv = env.randomBytes(IV_BYTES);
  const cipher = (0, import_node_crypto4.createCipheriv)("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(view(Buffer.from(context, "utf8")));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()].map(view));
  return `${VERSION}.${Buffer.from(iv).toString("base64url")}.${body.toString("base64url")}`;
}
function open(key, sealed, context) {
  const parts = typeof sealed === "string" ? sealed.split(".") : [];
  if (parts.length !== 3 || parts[0] !== VERSION) throw new CloudError("INTERNAL_ERROR", "sealed value is malformed");
  const iv = view(Buffer.from(parts[1], "base64url"));
  const body = view(Buffer.from(parts[2], "base64url"));
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new CloudError("INTERNAL_ERROR", "sealed value is malformed");
  try {
    const decipher = (0, import_node_crypto4.createDecipheriv)("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(view(Buffer.from(context, "utf8")));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return decipher.update(body.subarray(0, body.length - TAG_BYTES), void 0, "utf8") + decipher.final("utf8");
  } catch {
    throw new CloudError("INTERNAL_ERROR", "sealed value does not authenticate");
  }
}
var import_node_crypto4, VERSION, IV_BYTES, TAG_BYTES;
var init_secret_box = __esm({
  "cloud/shared/secret-box.ts"() {
    "use strict";
    import_node_crypto4 = require("node:crypto");
    init_errors();
    VERSION = "v1";
    IV_BYTES = 12;
    TAG_BYTES = 16;
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

// cloud/wechat/credential-cache.ts
function docId(kind, appid) {
  return `${kind}.${appid}`;
}
function fingerprint(value) {
  return (0, import_node_crypto5.createHash)("sha256").update(value).digest("hex").slice(0, 16);
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
  const o = { ...DEFAULTS, ...deps.options };
  const id = docId(kind, appid);
  const collection2 = deps.db.collection(WX_CREDENTIALS);
  const cmd = commands(deps.db);
  const owner = randomId(deps.env, 12);
  const deadline = deps.env.now() + o.waitMs;
  for (; ; ) {
    const record = (await collection2.doc(id).get()).data[0];
    const now = deps.env.now();
    const value = openValue(deps, record);
    if (value && record && record.refreshAt > now && !record.forceNext) return value;
    let leased = false;
    if (!record) {
      try {
        await collection2.add({ _id: id, kind, appid, expiresAt: 0, refreshAt: 0, leaseOwner: owner, leaseUntil: now + o.leaseMs, updatedAt: now });
        leased = true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    } else {
      const { updated } = await collection2.where({ _id: id, leaseUntil: cmd.lt(now) }).update({ leaseOwner: owner, leaseUntil: now + o.leaseMs });
      leased = updated === 1;
    }
    if (leased) {
      const force = !!record?.forceNext && now - (record.forcedAt ?? 0) >= o.forceIntervalMs;
      let fetched;
      try {
        fetched = await fetch(force);
      } catch (error) {
        await collection2.where({ _id: id, leaseOwner: owner }).update({ leaseUntil: 0 });
        throw error;
      }
      const at = deps.env.now();
      const lifetimeMs = fetched.expiresIn * 1e3;
      await collection2.where({ _id: id, leaseOwner: owner }).update({
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
var import_node_crypto5, WX_CREDENTIALS, DEFAULTS;
var init_credential_cache = __esm({
  "cloud/wechat/credential-cache.ts"() {
    "use strict";
    import_node_crypto5 = require("node:crypto");
    init_database();
    init_errors();
    init_db_commands();
    init_env();
    init_secret_box();
    init_errors3();
    init_collections();
    WX_CREDENTIALS = COLLECTIONS.credentials;
    DEFAULTS = {
      refreshMarginMs: 18e4,
      leaseMs: 15e3,
      waitMs: 1e4,
      pollMs: 100,
      forceIntervalMs: 3e4
    };
  }
});

// cloud/pay/shipping.ts
function createShippingDeps(input) {
  const { db, env, http, config } = input;
  return {
    wechat: createWechatClient({ http, baseUrl: config.endpoints.weixinApi, retries: 0 }),
    app: config.mp,
    credentials: { db, env, key: secretBoxKey(config.sessionKeyEncryptionKey) }
  };
}
function ordersOf(db) {
  return db.collection(COLLECTIONS.orders);
}
async function readOrder(db, orderId) {
  const { data } = await ordersOf(db).doc(orderId).get();
  if (!data[0]) throw new CloudError("ORDER_NOT_FOUND", "order not found");
  return data[0];
}
function wiringOf(ctx) {
  if (!ctx.shipping) throw new CloudError("CONFIG_INVALID", "shipping is not configured (needs mp and sessionKeyEncryptionKey)");
  return ctx.shipping();
}
function orderDeliveryKind(items) {
  const kinds = new Set(items.map((item) => item.delivery ?? DEFAULT_DELIVERY_KIND));
  for (const kind of ["express", "same-city", "pickup"]) if (kinds.has(kind)) return kind;
  return "virtual";
}
function cut(text, max) {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
function itemDescOf(items) {
  return cut(items.map((item) => item.quantity > 1 ? `${item.name} ×${item.quantity}` : item.name).join("、"), ITEM_DESC_MAX_CHARS);
}
function freshUpload(state, now) {
  return { state, attempts: 0, nextAttemptAt: state === "pending" ? now : 0, leaseUntil: 0, corrections: 0 };
}
function newShippingEntry(order, now) {
  const kind = orderDeliveryKind(order.items);
  if (kind !== "virtual") return { status: "waiting", kind, upload: freshUpload("waiting", now), rev: 1, updatedAt: now };
  return {
    status: "shipped",
    kind,
    shipment: { logisticsType: VIRTUAL, itemDesc: itemDescOf(order.items), enteredAt: now, enteredBy: "auto" },
    upload: freshUpload("pending", now),
    rev: 1,
    updatedAt: now
  };
}
function shippingOnFulfilment(order, now) {
  if (order.channel !== "miniprogram" || order.shipping) return {};
  return { shipping: newShippingEntry(order, now) };
}
function liveShipping(order) {
  const shipping = order.shipping;
  if (!shipping) return void 0;
  if (order.status === "REFUNDED" && shipping.status === "waiting" && !shipping.shipment) return void 0;
  return shipping;
}
function shippingView(shipping) {
  const view3 = { state: shipping.status };
  const shipment = shipping.shipment;
  if (shipment && shipping.status !== "waiting") {
    view3.logisticsType = shipment.logisticsType;
    if (shipment.expressCompany) view3.expressCompany = shipment.expressCompany;
    if (shipment.expressCompanyName) view3.expressCompanyName = shipment.expressCompanyName;
    if (shipment.trackingNo) view3.trackingNo = shipment.trackingNo;
    view3.shippedAt = shipment.enteredAt;
  }
  if (shipping.completedAt !== void 0) view3.completedAt = shipping.completedAt;
  return view3;
}
function merchantShippingView(shipping) {
  const { upload, shipment } = shipping;
  const view3 = {
    ...shippingView(shipping),
    kind: shipping.kind,
    upload: { state: upload.state, attempts: upload.attempts, corrections: upload.corrections }
  };
  if (shipment) {
    view3.logisticsType = shipment.logisticsType;
    if (shipment.expressCompany) view3.expressCompany = shipment.expressCompany;
    if (shipment.expressCompanyName) view3.expressCompanyName = shipment.expressCompanyName;
    if (shipment.trackingNo) view3.trackingNo = shipment.trackingNo;
    if (shipment.receiverContact) view3.receiverContact = shipment.receiverContact;
    view3.itemDesc = shipment.itemDesc;
  }
  if (shipping.remindedAt !== void 0) view3.remindedAt = shipping.remindedAt;
  if (upload.state === "pending") view3.upload.nextAttemptAt = upload.nextAttemptAt;
  for (const key of ["lastErrcode", "lastError", "lastMessage", "uploadedAt", "reason"]) {
    if (upload[key] !== void 0) view3.upload[key] = upload[key];
  }
  return view3;
}
function toShippingOrderView(order) {
  return {
    orderId: order._id,
    outTradeNo: order.outTradeNo,
    ...order.transactionId ? { transactionId: order.transactionId } : {},
    description: order.description,
    amount: order.amount,
    status: order.status,
    ...order.paidAt !== void 0 ? { paidAt: order.paidAt } : {},
    ...order.shipping ? { shipping: merchantShippingView(order.shipping) } : {}
  };
}
async function cachedFact(ctx, kind, appid, ttlMs, fetch, options = {}) {
  const collection2 = ctx.db.collection(COLLECTIONS.credentials);
  const id = `${kind}.${appid}`;
  if (!options.fresh) {
    const cached = (await collection2.doc(id).get()).data[0];
    if (cached && cached.expiresAt > ctx.env.now()) return cached.value;
  }
  const value = await fetch();
  const now = ctx.env.now();
  await collection2.doc(id).set({ kind, appid, value, expiresAt: now + ttlMs, updatedAt: now });
  return value;
}
function isTradeManaged(ctx, options = {}) {
  const wiring = wiringOf(ctx);
  return cachedFact(
    ctx,
    "trade_managed",
    wiring.app.appId,
    SHIPPING_TIMING.tradeManagedTtlMs,
    () => withAccessToken(wiring.credentials, wiring.wechat, wiring.app, (accessToken) => wiring.wechat.isTradeManaged({ accessToken, appid: wiring.app.appId })),
    options
  );
}
function deliveryCompanies(ctx) {
  const wiring = wiringOf(ctx);
  return cachedFact(
    ctx,
    "delivery_list",
    wiring.app.appId,
    SHIPPING_TIMING.deliveryListTtlMs,
    () => withAccessToken(wiring.credentials, wiring.wechat, wiring.app, (accessToken) => wiring.wechat.getDeliveryList({ accessToken }))
  );
}
function uploadTimeOf(ms) {
  return formatBeijingRfc3339(ms, { millis: true });
}
function orderKeyOf(order) {
  return order.transactionId ? { order_number_type: 2, transaction_id: order.transactionId } : { order_number_type: 1, mchid: order.mchid, out_trade_no: order.outTradeNo };
}
function tradeRefOf(order) {
  return order.transactionId ? { transactionId: order.transactionId } : { merchantId: order.mchid, merchantTradeNo: order.outTradeNo };
}
function uploadBody(order, shipment, now) {
  return {
    order_key: orderKeyOf(order),
    logistics_type: shipment.logisticsType,
    delivery_mode: 1,
    shipping_list: [
      {
        ...shipment.trackingNo ? { tracking_no: shipment.trackingNo } : {},
        ...shipment.expressCompany ? { express_company: shipment.expressCompany } : {},
        item_desc: shipment.itemDesc,
        ...shipment.receiverContact ? { contact: { receiver_contact: shipment.receiverContact } } : {}
      }
    ],
    upload_time: uploadTimeOf(now),
    payer: { openid: order.payerOpenid }
  };
}
function retryDelay(attempts) {
  return Math.min(SHIPPING_TIMING.retryBaseMs * 2 ** Math.max(0, attempts - 1), SHIPPING_TIMING.retryMaxMs);
}
function failureOf(error) {
  if (error instanceof WechatApiError) {
    const terminal = TERMINAL_ERRCODES.has(error.errcode) || error.code === "SHIPPING_INFO_REJECTED";
    return { errcode: error.errcode, code: error.code, message: error.message, retry: !terminal };
  }
  if (error instanceof CloudError) return { code: error.code, message: error.message, retry: true };
  return { code: "INTERNAL_ERROR", message: `upload failed: ${errorLabel(error)}`, retry: true };
}
async function runUpload(ctx, order) {
  if (order.shipping?.upload.state !== "pending") return order;
  const wiring = wiringOf(ctx);
  const cmd = commands(ctx.db);
  const now = ctx.env.now();
  const owner = randomId(ctx.env, 12);
  const { doc } = await ordersOf(ctx.db).where({
    _id: order._id,
    "shipping.upload.state": "pending",
    "shipping.upload.nextAttemptAt": cmd.lte(now),
    "shipping.upload.leaseUntil": cmd.lt(now)
  }).updateAndReturn({ shipping: { upload: { leaseUntil: now + SHIPPING_TIMING.leaseMs, leaseOwner: owner, attempts: cmd.inc(1) }, rev: cmd.inc(1) } });
  if (!doc?.shipping) return order;
  return uploadLeased(ctx, wiring, doc, owner);
}
async function uploadLeased(ctx, wiring, order, owner) {
  const cmd = commands(ctx.db);
  const shipping = order.shipping;
  const { upload } = shipping;
  const mine = ordersOf(ctx.db).where({ _id: order._id, "shipping.upload.state": "pending", "shipping.upload.leaseOwner": owner });
  let sentAt;
  const settle = async (change, rest = {}) => {
    const now = ctx.env.now();
    const stamp = sentAt === void 0 ? {} : { sentAt };
    const { doc } = await mine.updateAndReturn({ shipping: { upload: { ...change, ...stamp, leaseUntil: 0 }, ...rest, rev: cmd.inc(1), updatedAt: now } });
    return doc ?? readOrder(ctx.db, order._id);
  };
  const notRequired = (reason) => {
    ctx.log.info(`[pay] shipping of order ${order._id} not required: ${reason}`);
    return settle({ state: "not-required", reason, nextAttemptAt: 0, ...CLEARED_ERROR(cmd) });
  };
  const fail = (failure2) => {
    ctx.log.warn(`[pay] shipping upload of order ${order._id} failed for good: ${failure2.code}${failure2.errcode ? ` (errcode ${failure2.errcode})` : ""}`);
    return settle({
      state: "failed",
      nextAttemptAt: 0,
      lastErrcode: failure2.errcode ?? cmd.remove(),
      lastError: failure2.code,
      lastMessage: failure2.message.slice(0, 200)
    });
  };
  const uploaded = () => {
    const now = ctx.env.now();
    const correction = upload.uploadedAt !== void 0;
    ctx.log.info(`[pay] shipping of order ${order._id} uploaded${correction ? " (correction)" : ""}`);
    return settle(
      { state: "uploaded", nextAttemptAt: 0, ...CLEARED_ERROR(cmd), ...correction ? { corrections: cmd.inc(1) } : { uploadedAt: now } },
      { pollAt: now + SHIPPING_TIMING.pollIntervalMs }
    );
  };
  const shipment = shipping.shipment;
  if (!shipment) return fail({ code: "SHIPPING_NOT_APPLICABLE", message: "no shipment was entered" });
  if (order.status === "REFUNDED") return notRequired("REFUNDED");
  if (!order.payerOpenid) return fail({ code: "PAYER_OPENID_MISSING", message: "the order has no payer openid" });
  let failure;
  try {
    if (!await isTradeManaged(ctx)) return notRequired("NOT_TRADE_MANAGED");
    sentAt = Math.max(ctx.env.now(), (upload.sentAt ?? 0) + 1);
    const info = uploadBody(order, shipment, sentAt);
    await withAccessToken(wiring.credentials, wiring.wechat, wiring.app, (accessToken) => wiring.wechat.uploadShippingInfo({ accessToken, info }));
    return uploaded();
  } catch (error) {
    if (error instanceof WechatApiError && error.errcode === 10060023) return uploaded();
    failure = failureOf(error);
  }
  if (failure.errcode === 10060001) {
    const young = order.paidAt === void 0 || ctx.env.now() - order.paidAt < SHIPPING_TIMING.tradeIndexGraceMs;
    if (!young) {
      const managed = await isTradeManaged(ctx, { fresh: true }).catch(() => true);
      if (!managed) return notRequired("NOT_TRADE_MANAGED");
      return fail(failure);
    }
    failure.retry = true;
  }
  if (!failure.retry) return fail(failure);
  if (upload.attempts >= SHIPPING_TIMING.maxAttempts) {
    return fail({ ...failure, message: `${failure.message} (gave up after ${upload.attempts} attempts)` });
  }
  const delay = retryDelay(upload.attempts);
  ctx.log.warn(`[pay] shipping upload of order ${order._id} failed: ${failure.code}${failure.errcode ? ` (errcode ${failure.errcode})` : ""}; again in ${Math.round(delay / 1e3)} s`);
  return settle({
    nextAttemptAt: ctx.env.now() + delay,
    lastErrcode: failure.errcode ?? cmd.remove(),
    lastError: failure.code,
    lastMessage: failure.message.slice(0, 200)
  });
}
async function shipAfterFulfilment(ctx, order) {
  if (!ctx.shipping || order.shipping?.upload.state !== "pending") return order;
  try {
    return await runUpload(ctx, order);
  } catch (error) {
    ctx.log.warn(`[pay] shipping upload of order ${order._id} deferred: ${errorLabel(error)}`);
    return order;
  }
}
function invalid3(field, reason) {
  return new CloudError("PARAM_INVALID", `invalid parameter: ${field}`, { fields: [{ field, reason }] });
}
function refuse(code, message2) {
  return new CloudError(code, message2);
}
function maskContact(contact) {
  const text = contact.trim();
  if (!/^[0-9*+\- ]{4,32}$/.test(text)) return void 0;
  const significant = text.replace(/[^0-9*]/g, "");
  if (!/\d{4}$/.test(significant)) return void 0;
  if (significant.includes("*")) return text;
  let keep = 4;
  let out = "";
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (/\d/.test(c)) {
      out = (keep > 0 ? c : "*") + out;
      keep--;
    } else out = c + out;
  }
  return out;
}
function sameShipment(a, b) {
  if (!a) return false;
  const keys = ["logisticsType", "expressCompany", "trackingNo", "receiverContact", "itemDesc"];
  return keys.every((key) => a[key] === b[key]);
}
function shippingOf(order, now) {
  if (order.channel !== "miniprogram") throw refuse("SHIPPING_NOT_APPLICABLE", "only mini-program orders have WeChat shipping");
  if (order.shipping) return order.shipping;
  if (order.fulfilment?.status !== "done") throw refuse("SHIPPING_NOT_APPLICABLE", "the order is not fulfilled yet");
  return { ...newShippingEntry(order, now), rev: 0 };
}
async function replaceShipping(ctx, order, read, next) {
  const cmd = commands(ctx.db);
  const where = order.shipping ? { _id: order._id, "shipping.rev": read.rev, "shipping.upload.leaseUntil": cmd.lt(ctx.env.now()) } : { _id: order._id, shipping: cmd.exists(false) };
  const { doc } = await ordersOf(ctx.db).where(where).updateAndReturn({ shipping: cmd.set({ ...next, rev: read.rev + 1 }) });
  if (!doc) throw refuse("SHIPPING_BUSY", "the shipping of this order changed meanwhile, try again");
  return doc;
}
async function enterShipment(ctx, input, by) {
  const now = ctx.env.now();
  const order = await readOrder(ctx.db, input.orderId);
  const shipping = shippingOf(order, now);
  if (order.status === "REFUNDED") throw refuse("SHIPPING_NOT_SHIPPABLE", "the order was refunded");
  if (shipping.status === "completed") throw refuse("SHIPPING_ALREADY_COMPLETED", "the buyer already confirmed receipt");
  const express = input.logisticsType === EXPRESS;
  let expressCompanyName;
  if (express) {
    if (!input.expressCompany) throw invalid3("expressCompany", "missing (required for express)");
    if (!input.trackingNo) throw invalid3("trackingNo", "missing (required for express)");
  } else {
    for (const field of ["expressCompany", "trackingNo", "receiverContact"]) {
      if (input[field] !== void 0) throw invalid3(field, "only for express (logisticsType 1)");
    }
  }
  let receiverContact;
  if (input.receiverContact !== void 0) {
    receiverContact = maskContact(input.receiverContact);
    if (!receiverContact) throw invalid3("receiverContact", "must be a phone number (its last four digits stay readable)");
  }
  if (express && input.expressCompany === SF_DELIVERY_ID && !receiverContact) {
    throw refuse("SHIPPING_CONTACT_REQUIRED", "SF (顺丰) needs the receiver contact");
  }
  if (express) {
    const company = (await deliveryCompanies(ctx)).find((c) => c.id === input.expressCompany);
    if (!company) throw refuse("SHIPPING_CARRIER_UNKNOWN", "expressCompany is not a delivery_id of get_delivery_list");
    expressCompanyName = company.name;
  }
  const shipment = {
    logisticsType: input.logisticsType,
    ...express ? { expressCompany: input.expressCompany, expressCompanyName, trackingNo: input.trackingNo } : {},
    ...receiverContact ? { receiverContact } : {},
    itemDesc: input.itemDesc ?? itemDescOf(order.items),
    enteredAt: now,
    enteredBy: by
  };
  if (sameShipment(shipping.shipment, shipment)) return order;
  const { upload } = shipping;
  if (upload.state === "pending" && upload.leaseUntil >= now) throw refuse("SHIPPING_BUSY", "an upload of this order is under way, try again in a moment");
  if (upload.uploadedAt !== void 0 && upload.corrections >= MAX_CORRECTIONS) {
    throw refuse("SHIPPING_CORRECTION_USED", "the shipment was corrected once already (WeChat allows one re-shipment)");
  }
  const next = {
    ...shipping,
    status: "shipped",
    shipment,
    upload: {
      state: "pending",
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: 0,
      corrections: upload.corrections,
      ...upload.uploadedAt !== void 0 ? { uploadedAt: upload.uploadedAt } : {},
      ...upload.sentAt !== void 0 ? { sentAt: upload.sentAt } : {}
    },
    updatedAt: now
  };
  delete next.pollAt;
  return runUpload(ctx, await replaceShipping(ctx, order, shipping, next));
}
async function retryShipping(ctx, orderId) {
  const now = ctx.env.now();
  const order = await readOrder(ctx.db, orderId);
  const shipping = order.shipping;
  if (!shipping || shipping.upload.state !== "failed" && shipping.upload.state !== "pending") {
    throw refuse("SHIPPING_NOT_RETRYABLE", "only a failed or pending upload can be retried");
  }
  if (shipping.upload.state === "pending" && shipping.upload.leaseUntil >= now) throw refuse("SHIPPING_BUSY", "an upload of this order is under way");
  const { lastErrcode: _e, lastError: _c, lastMessage: _m, ...kept } = shipping.upload;
  const next = { ...shipping, upload: { ...kept, state: "pending", attempts: 0, nextAttemptAt: now, leaseUntil: 0 }, updatedAt: now };
  return runUpload(ctx, await replaceShipping(ctx, order, shipping, next));
}
async function listShippingFailures(db, page = 1) {
  const { data } = await ordersOf(db).where({ "shipping.upload.state": "failed" }).orderBy("shipping.updatedAt", "desc").skip((Math.max(1, Math.floor(page)) - 1) * SHIPPING_PAGE_SIZE).limit(SHIPPING_PAGE_SIZE + 1).get();
  return { orders: data.slice(0, SHIPPING_PAGE_SIZE), hasMore: data.length > SHIPPING_PAGE_SIZE };
}
async function remindConfirmReceive(ctx, orderId, receivedTime) {
  const wiring = wiringOf(ctx);
  const cmd = commands(ctx.db);
  const now = ctx.env.now();
  const order = await readOrder(ctx.db, orderId);
  const shipping = order.shipping;
  if (!shipping) throw refuse("SHIPPING_NOT_APPLICABLE", "the order has no WeChat shipping");
  if (shipping.status === "completed") throw refuse("SHIPPING_ALREADY_COMPLETED", "the buyer already confirmed receipt");
  const { upload } = shipping;
  if (upload.uploadedAt === void 0 || upload.state === "not-required") throw refuse("SHIPPING_NOT_SHIPPED", "the shipment is not uploaded");
  if (shipping.shipment?.logisticsType !== EXPRESS) throw refuse("SHIPPING_REMINDER_EXPRESS_ONLY", "reminders are for express shipments");
  if (shipping.remindedAt !== void 0) throw refuse("SHIPPING_REMINDER_USED", "the buyer was reminded once already");
  const seconds = Math.floor(receivedTime / 1e3);
  if (seconds * 1e3 < upload.uploadedAt || receivedTime > now + 6e4) throw invalid3("receivedTime", "must be after the upload and not in the future");
  const { doc } = await ordersOf(ctx.db).where({ _id: orderId, "shipping.remindedAt": cmd.exists(false) }).updateAndReturn({ shipping: { remindedAt: now, rev: cmd.inc(1), updatedAt: now } });
  if (!doc) throw refuse("SHIPPING_REMINDER_USED", "the buyer was reminded once already");
  try {
    await withAccessToken(
      wiring.credentials,
      wiring.wechat,
      wiring.app,
      (accessToken) => wiring.wechat.notifyConfirmReceive({ accessToken, trade: tradeRefOf(order), receivedTime: seconds })
    );
  } catch (error) {
    if (!(error instanceof WechatApiError && error.errcode === 10060030)) {
      await ordersOf(ctx.db).where({ _id: orderId, "shipping.remindedAt": now }).update({ shipping: { remindedAt: cmd.remove() } });
    }
    throw error;
  }
  return doc;
}
var LOGISTICS_TYPES, EXPRESS, VIRTUAL, SHIPPING_TIMING, MAX_CORRECTIONS, ITEM_DESC_MAX_CHARS, SHIPPING_PAGE_SIZE, SF_DELIVERY_ID, TERMINAL_ERRCODES, CLEARED_ERROR;
var init_shipping = __esm({
  "cloud/pay/shipping.ts"() {
    "use strict";
    init_catalog();
    init_beijing_time();
    init_collections();
    init_db_commands();
    init_env();
    init_error_label();
    init_errors();
    init_secret_box();
    init_client();
    init_credential_cache();
    init_errors3();
    LOGISTICS_TYPES = [1, 2, 3, 4];
    EXPRESS = 1;
    VIRTUAL = 3;
    SHIPPING_TIMING = {
      /** Back-off of failed uploads: 1 min, 2, 4 … at most 6 h, 12 attempts (about a day). */
      retryBaseMs: 6e4,
      retryMaxMs: 6 * 36e5,
      maxAttempts: 12,
      leaseMs: 6e4,
      /** 10060001 this soon after payment: WeChat has not indexed the trade yet (staff: wait a minute and retry). */
      tradeIndexGraceMs: 30 * 6e4,
      /** get_order at most this often per order. */
      pollIntervalMs: 36e5,
      /** …and not beyond this after the upload (WeChat confirms automatically long before). */
      pollForMs: 60 * 864e5,
      tradeManagedTtlMs: 36e5,
      deliveryListTtlMs: 864e5
    };
    MAX_CORRECTIONS = 1;
    ITEM_DESC_MAX_CHARS = 120;
    SHIPPING_PAGE_SIZE = 20;
    SF_DELIVERY_ID = "SF";
    TERMINAL_ERRCODES = /* @__PURE__ */ new Set([10060002, 10060003, 10060004, 10060031]);
    CLEARED_ERROR = (cmd) => ({ lastErrcode: cmd.remove(), lastError: cmd.remove(), lastMessage: cmd.remove() });
  }
});

// cloud/pay/orders.ts
function orderCommands(db) {
  return db.command;
}
function ordersOf2(db) {
  return db.collection(ORDERS);
}
function toOrderView(order, refunds = []) {
  const view3 = {
    orderId: order._id,
    outTradeNo: order.outTradeNo,
    description: order.description,
    amount: order.amount,
    status: order.status,
    items: order.items.map(({ productId, name, price, quantity }) => ({ productId, name, price, quantity })),
    createdAt: order.createdAt,
    channel: order.channel,
    refunded: order.refunded ?? 0,
    refundable: PAID_STATUSES.includes(order.status) ? order.refundable ?? 0 : 0,
    refunds: refunds.filter((r) => r.orderId === order._id && r.origin !== "duplicate").map(toRefundView),
    fulfilled: order.fulfilment?.status === "done"
  };
  if (order.status === "NOTPAY") view3.payableUntil = order.timeExpire;
  if (order.paidAt !== void 0) view3.paidAt = order.paidAt;
  if (order.closedAt !== void 0) view3.closedAt = order.closedAt;
  const shipping = liveShipping(order);
  if (shipping) view3.shipping = shippingView(shipping);
  return view3;
}
async function findOrder(db, orderId) {
  const { data } = await ordersOf2(db).doc(orderId).get();
  return data[0];
}
async function readOrder2(db, orderId) {
  const order = await findOrder(db, orderId);
  if (!order) throw new CloudError("ORDER_NOT_FOUND", "order not found");
  return order;
}
async function findOrderByOutTradeNo(db, outTradeNo) {
  const { data } = await ordersOf2(db).where({ tradeNos: outTradeNo }).limit(1).get();
  return data[0];
}
var ORDERS, ORDER_STATUSES, PAID_STATUSES, REFUNDABLE_STATUSES, PAY_CHANNELS;
var init_orders = __esm({
  "cloud/pay/orders.ts"() {
    "use strict";
    init_errors();
    init_collections();
    init_refund_records();
    init_shipping();
    ORDERS = COLLECTIONS.orders;
    ORDER_STATUSES = ["NOTPAY", "PAID", "PARTIALLY_REFUNDED", "REFUNDED", "CLOSED"];
    PAID_STATUSES = ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"];
    REFUNDABLE_STATUSES = ["PAID", "PARTIALLY_REFUNDED"];
    PAY_CHANNELS = ["miniprogram", "jsapi", "h5", "native"];
  }
});

// cloud/pay/fulfilment.ts
function createDeliveryFulfiller(deps) {
  return {
    async fulfil(order) {
      try {
        await deps.db.collection(DELIVERIES).add({
          orderId: order._id,
          userId: order.userId,
          items: order.items,
          amount: order.amount,
          deliveredAt: deps.env.now()
        });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
  };
}
function fulfilmentOrder(order) {
  return {
    orderId: order._id,
    outTradeNo: order.outTradeNo,
    ...order.transactionId ? { transactionId: order.transactionId } : {},
    userId: order.userId,
    channel: order.channel,
    // delivery: how each item reaches the buyer (virtual, express, same-city, pickup), when the catalogue said.
    items: order.items.map(({ productId, name, price, quantity, delivery }) => ({ productId, name, price, quantity, ...delivery ? { delivery } : {} })),
    amount: order.amount,
    ...order.paidAt !== void 0 ? { paidAt: order.paidAt } : {}
  };
}
function createCloudObjectFulfiller(deps) {
  return {
    async fulfil(order) {
      const answer = await deps.importObject(deps.cloudObject)[deps.method]({ order: fulfilmentOrder(order) });
      const code = answer?.errCode;
      if (code !== 0 && code !== void 0 && code !== "" && code !== null) throw new FulfilmentHookError(String(code).slice(0, 64));
    }
  };
}
function leasedOutbox(deps) {
  const owner = randomId(deps.env, 12);
  return { owner, entry: { status: "pending", attempts: 1, leaseUntil: deps.env.now() + FULFILMENT_LEASE_MS, leaseOwner: owner } };
}
async function fulfilLeased(deps, order, owner) {
  const mine = ordersOf2(deps.db).where({ _id: order._id, "fulfilment.status": "pending", "fulfilment.leaseOwner": owner });
  try {
    await deps.fulfiller.fulfil(order);
  } catch (error) {
    const label = errorLabel(error);
    deps.log.error(`[pay] fulfilment of order ${order._id} failed: ${label}`);
    await mine.update({ fulfilment: { leaseUntil: 0, lastError: label.slice(0, 100) } }).catch(() => void 0);
    throw new FulfilmentError("FULFILMENT_FAILED", "fulfilment failed");
  }
  const now = deps.env.now();
  const { doc } = await mine.updateAndReturn({ fulfilment: { status: "done", doneAt: now, leaseUntil: 0 }, ...shippingOnFulfilment(order, now) });
  if (!doc) throw new FulfilmentError("FULFILMENT_BUSY", "fulfilment lease was lost");
  return shipAfterFulfilment(deps, doc);
}
async function runFulfilment(deps, orderOrId, options = {}) {
  const deadline = deps.env.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  const cmd = orderCommands(deps.db);
  const orderId = typeof orderOrId === "string" ? orderOrId : orderOrId._id;
  let order = typeof orderOrId === "string" ? await readOrder2(deps.db, orderId) : orderOrId;
  for (; ; ) {
    if (order.fulfilment?.status !== "pending") return order;
    const now = deps.env.now();
    if (order.fulfilment.leaseUntil < now) {
      const owner = randomId(deps.env, 12);
      const { doc } = await ordersOf2(deps.db).where({ _id: orderId, "fulfilment.status": "pending", "fulfilment.leaseUntil": cmd.lt(now) }).updateAndReturn({ fulfilment: { leaseUntil: now + FULFILMENT_LEASE_MS, leaseOwner: owner, attempts: cmd.inc(1) } });
      if (doc) return fulfilLeased(deps, doc, owner);
    } else {
      if (deps.env.now() >= deadline) throw new FulfilmentError("FULFILMENT_BUSY", "fulfilment is running elsewhere");
      await deps.env.sleep(POLL_MS);
    }
    order = await readOrder2(deps.db, orderId);
  }
}
var DELIVERIES, FulfilmentHookError, FULFILMENT_LEASE_MS, POLL_MS, DEFAULT_WAIT_MS, FulfilmentError;
var init_fulfilment = __esm({
  "cloud/pay/fulfilment.ts"() {
    "use strict";
    init_database();
    init_env();
    init_error_label();
    init_orders();
    init_shipping();
    init_collections();
    DELIVERIES = COLLECTIONS.deliveries;
    FulfilmentHookError = class extends Error {
      constructor(code) {
        super(`fulfilment hook answered ${code}`);
        this.name = "FulfilmentHookError";
        this.code = code;
      }
    };
    FULFILMENT_LEASE_MS = 6e4;
    POLL_MS = 100;
    DEFAULT_WAIT_MS = 3e3;
    FulfilmentError = class extends Error {
      constructor(code, message2) {
        super(message2);
        this.name = "FulfilmentError";
        this.code = code;
      }
    };
  }
});

// cloud/wxpay/errors.ts
function isWxpayError(error, ...codes) {
  return error instanceof WxpayError && (codes.length === 0 || codes.includes(error.code));
}
function upstreamError(response) {
  const facts = { status: response.status };
  const requestId = response.headers["request-id"];
  if (requestId) facts.requestId = requestId;
  try {
    const body = JSON.parse(response.body);
    if (typeof body === "object" && body !== null) {
      const { code, message: message2 } = body;
      if (typeof code === "string" && /^[A-Z0-9_]{1,64}$/.test(code)) facts.wechatCode = code;
      if (typeof message2 === "string") facts.upstreamMessage = message2;
    }
  } catch {
  }
  const what = facts.wechatCode ? `${response.status} ${facts.wechatCode}` : String(response.status);
  return new WxpayError("UPSTREAM_ERROR", `WeChat Pay answered ${what}`, facts);
}
var WxpayError;
var init_errors4 = __esm({
  "cloud/wxpay/errors.ts"() {
    "use strict";
    init_errors();
    WxpayError = class extends Error {
      constructor(code, message2, facts = {}) {
        super(message2);
        this.name = "WxpayError";
        this.code = code;
        if (facts.status !== void 0) this.status = facts.status;
        if (facts.wechatCode !== void 0) this.wechatCode = facts.wechatCode;
        if (facts.upstreamMessage !== void 0) this.upstreamMessage = facts.upstreamMessage;
        if (facts.requestId !== void 0) this.requestId = facts.requestId;
      }
    };
  }
});

// cloud/pay/match-error.ts
var PaymentMatchError;
var init_match_error = __esm({
  "cloud/pay/match-error.ts"() {
    "use strict";
    PaymentMatchError = class extends Error {
      constructor(status, message2, fields = []) {
        super(message2);
        this.name = "PaymentMatchError";
        this.status = status;
        this.fields = fields;
      }
    };
  }
});

// cloud/pay/order-transitions.ts
function canTransition(from, to) {
  return TRANSITIONS[from].includes(to);
}
async function transition(deps, request) {
  const { orderId, from, to, by, set = {} } = request;
  if (!canTransition(from, to)) throw new Error(`illegal order transition ${from} -> ${to}`);
  const now = deps.env.now();
  const { doc } = await ordersOf2(deps.db).where({ _id: orderId, status: from }).updateAndReturn({
    ...set,
    status: to,
    updatedAt: now,
    history: orderCommands(deps.db).push({ from, to, at: now, by })
  });
  if (doc) return { won: true, order: doc };
  return { won: false, order: await readOrder2(deps.db, orderId) };
}
var TRANSITIONS;
var init_order_transitions = __esm({
  "cloud/pay/order-transitions.ts"() {
    "use strict";
    init_orders();
    TRANSITIONS = {
      NOTPAY: ["PAID", "CLOSED"],
      CLOSED: ["PAID"],
      PAID: ["PARTIALLY_REFUNDED", "REFUNDED"],
      PARTIALLY_REFUNDED: ["REFUNDED"],
      REFUNDED: []
    };
  }
});

// cloud/pay/pricing.ts
var init_pricing = __esm({
  "cloud/pay/pricing.ts"() {
    "use strict";
    init_errors();
    init_catalog();
    init_orders();
    init_collections();
  }
});

// cloud/pay/trade-numbers.ts
function randomChars(env, length) {
  const bytes = env.randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] & 31];
  return out;
}
function newOutRefundNo(env) {
  return `R${beijingStamp(env.now())}${randomChars(env, 10)}`;
}
function parseWechatTime(text) {
  if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(text)) return void 0;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? void 0 : ms;
}
var ALPHABET;
var init_trade_numbers = __esm({
  "cloud/pay/trade-numbers.ts"() {
    "use strict";
    init_beijing_time();
    ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  }
});

// cloud/pay/trades.ts
function isWechatCode(error, code) {
  return isWxpayError(error, "UPSTREAM_ERROR") && error.wechatCode === code;
}
function isDefinitiveRejection(error) {
  if (isWxpayError(error, "REQUEST_INVALID")) return true;
  if (!isWxpayError(error, "UPSTREAM_ERROR") || error.status === void 0) return false;
  return error.status >= 400 && error.status < 500 && error.status !== 429;
}
async function dropLiveTrade(deps, orderId, outTradeNo, verified) {
  const now = deps.env.now();
  const { doc } = await ordersOf2(deps.db).where({ _id: orderId, liveTradeNo: outTradeNo }).updateAndReturn({
    liveTradeNo: "",
    trades: { [outTradeNo]: { state: "CLOSED", closedAt: now, ...verified ? { verified: true } : {} } },
    ...verified ? {} : { unverifiedTrades: orderCommands(deps.db).inc(1) },
    updatedAt: now
  });
  return doc ?? void 0;
}
async function closeLiveTrade(deps, order, trade) {
  let neverPlaced = false;
  try {
    await deps.gateway.closeOrder(trade.outTradeNo);
  } catch (error) {
    if (isWechatCode(error, "ORDERPAID")) return { closed: false, paid: true };
    if (!isWechatCode(error, "ORDER_NOT_EXIST")) throw error;
    neverPlaced = true;
  }
  await dropLiveTrade(deps, order._id, trade.outTradeNo, neverPlaced);
  return { closed: true };
}
var PREPAY_VALID_MS, H5_URL_VALID_MS;
var init_trades = __esm({
  "cloud/pay/trades.ts"() {
    "use strict";
    init_database();
    init_errors();
    init_errors4();
    init_orders();
    init_beijing_time();
    init_trade_numbers();
    PREPAY_VALID_MS = 2 * 36e5;
    H5_URL_VALID_MS = 5 * 6e4;
  }
});

// cloud/pay/refunds.ts
function refundReportOf(resource) {
  const r = resource;
  const amount = r?.amount;
  const status = r?.refund_status ?? r?.status;
  const ok = typeof r === "object" && r !== null && typeof r.out_refund_no === "string" && typeof r.out_trade_no === "string" && typeof status === "string" && typeof amount === "object" && amount !== null && typeof amount.refund === "number" && typeof amount.total === "number";
  if (!ok) throw new PaymentMatchError(400, "refund lacks out_refund_no, out_trade_no, status or amount");
  return {
    out_refund_no: r.out_refund_no,
    out_trade_no: r.out_trade_no,
    ...typeof r.refund_id === "string" ? { refund_id: r.refund_id } : {},
    ...typeof r.mchid === "string" ? { mchid: r.mchid } : {},
    ...typeof r.success_time === "string" ? { success_time: r.success_time } : {},
    status,
    amount: { refund: amount.refund, total: amount.total }
  };
}
function cleanReason(reason, fallback) {
  const text = (reason ?? "").trim();
  return (text || fallback).slice(0, REFUND_REASON_MAX_LENGTH);
}
function refusalFor(order, amount, now) {
  if (!REFUNDABLE_STATUSES.includes(order.status)) return new CloudError("ORDER_NOT_REFUNDABLE", "only a paid order can be refunded");
  if ((order.paidAt ?? 0) <= now - REFUND_WINDOW_MS) return new CloudError("REFUND_WINDOW_CLOSED", "WeChat Pay refunds a payment within a year only");
  if (order.refundCount >= MAX_REFUNDS_PER_ORDER) return new CloudError("REFUND_LIMIT_REACHED", `an order can be refunded at most ${MAX_REFUNDS_PER_ORDER} times`);
  if (amount > order.refundable) {
    return new CloudError("REFUND_EXCEEDS_REMAINING", "the amount is more than what is left to refund", { refundable: order.refundable });
  }
  return new CloudError("ORDER_NOT_REFUNDABLE", "the order cannot be refunded now");
}
function checkRefundable(order, amount, now) {
  if (!Number.isInteger(amount) || amount < 1) throw new CloudError("PARAM_INVALID", "invalid parameter: amount", { fields: [{ field: "amount", reason: "must be a whole number of fen, at least 1" }] });
  const ok = REFUNDABLE_STATUSES.includes(order.status) && (order.paidAt ?? 0) > now - REFUND_WINDOW_MS && order.refundCount < MAX_REFUNDS_PER_ORDER && amount <= order.refundable;
  if (!ok) throw refusalFor(order, amount, now);
}
async function reserve(deps, orderId, amount) {
  const now = deps.env.now();
  const cmd = orderCommands(deps.db);
  const { doc } = await ordersOf2(deps.db).where({
    _id: orderId,
    status: cmd.in([...REFUNDABLE_STATUSES]),
    refundable: cmd.gte(amount),
    refundCount: cmd.lt(MAX_REFUNDS_PER_ORDER),
    paidAt: cmd.gt(now - REFUND_WINDOW_MS)
  }).updateAndReturn({ refundable: cmd.inc(-amount), refundCount: cmd.inc(1), updatedAt: now });
  if (doc) return doc;
  throw refusalFor(await readOrder2(deps.db, orderId), amount, now);
}
async function release(deps, refund, refused) {
  if (refund.origin === "duplicate") return;
  const cmd = orderCommands(deps.db);
  await ordersOf2(deps.db).where({ _id: refund.orderId }).update({ refundable: cmd.inc(refund.amount), ...refused ? { refundCount: cmd.inc(-1) } : {}, updatedAt: deps.env.now() });
}
async function insertRefund(deps, draft) {
  const now = deps.env.now();
  const record = { ...draft, attempts: 0, lastQueriedAt: 0, createdAt: now, updatedAt: now };
  const { id } = await refundsOf(deps.db).add(record);
  return { ...record, _id: id };
}
async function readRefund(deps, refundId) {
  const { data } = await refundsOf(deps.db).doc(refundId).get();
  if (!data[0]) throw new CloudError("REFUND_NOT_FOUND", "refund not found");
  return data[0];
}
async function moveRefund(deps, refundId, from, to, set = {}) {
  const { doc } = await refundsOf(deps.db).where({ _id: refundId, status: orderCommands(deps.db).in([...from]) }).updateAndReturn({ ...set, status: to, updatedAt: deps.env.now() });
  return doc ?? void 0;
}
async function approveRefund(deps, refundId, by) {
  const request = await readRefund(deps, refundId);
  if (request.status !== "REQUESTED") {
    if (request.status === "APPROVED" || request.status === "PROCESSING" || request.status === "SUCCESS") return request;
    throw new CloudError("REFUND_NOT_PENDING", "this refund request is no longer waiting for review");
  }
  const now = deps.env.now();
  const claimed = await moveRefund(deps, refundId, ["REQUESTED"], "APPROVED", { outRefundNo: newOutRefundNo(deps.env), decidedAt: now, decidedBy: by });
  if (!claimed) return readRefund(deps, refundId);
  let order;
  try {
    order = await reserve(deps, claimed.orderId, claimed.amount);
  } catch (error) {
    await refundsOf(deps.db).where({ _id: refundId, status: "APPROVED", attempts: 0 }).update({ status: "REQUESTED", outRefundNo: commands(deps.db).remove(), decidedAt: commands(deps.db).remove(), decidedBy: commands(deps.db).remove(), updatedAt: deps.env.now() });
    throw error;
  }
  await ordersOf2(deps.db).where({ _id: order._id }).update({ refundRequestOpen: false });
  deps.log.info(`[pay] refund ${refundId} of order ${order._id} approved by ${by === "policy" ? "policy" : "an operator"}`);
  return submitRefund(deps, claimed);
}
async function rejectRefund(deps, refundId, reason, by) {
  const request = await readRefund(deps, refundId);
  if (request.status === "REJECTED") return request;
  if (request.status !== "REQUESTED") throw new CloudError("REFUND_NOT_PENDING", "this refund request is no longer waiting for review");
  const rejected = await moveRefund(deps, refundId, ["REQUESTED"], "REJECTED", {
    decidedAt: deps.env.now(),
    decidedBy: by,
    rejectReason: cleanReason(reason, "商家未同意退款")
  });
  if (!rejected) return rejectRefund(deps, refundId, reason, by);
  await ordersOf2(deps.db).where({ _id: rejected.orderId }).update({ refundRequestOpen: false, updatedAt: deps.env.now() });
  return rejected;
}
async function refundByMerchant(deps, order, input, by) {
  const now = deps.env.now();
  const amount = input.amount ?? order.refundable;
  checkRefundable(order, amount, now);
  const reserved = await reserve(deps, order._id, amount);
  let refund;
  try {
    refund = await insertRefund(deps, {
      orderId: order._id,
      userId: order.userId,
      outTradeNo: reserved.outTradeNo,
      outRefundNo: newOutRefundNo(deps.env),
      origin: "merchant",
      amount,
      total: order.amount,
      reason: cleanReason(input.reason, "商家退款"),
      status: "APPROVED",
      requestedAt: now,
      decidedAt: now,
      decidedBy: by
    });
  } catch (error) {
    await ordersOf2(deps.db).where({ _id: order._id }).update({ refundable: orderCommands(deps.db).inc(amount), refundCount: orderCommands(deps.db).inc(-1) });
    throw error;
  }
  return submitRefund(deps, refund);
}
async function refundDuplicatePayment(deps, order, trade, tx) {
  const now = deps.env.now();
  const refundId = `dup-${trade.outTradeNo}`;
  const { doc } = await ordersOf2(deps.db).where({ _id: order._id, [`duplicates.${trade.outTradeNo}`]: orderCommands(deps.db).exists(false) }).updateAndReturn({
    duplicates: { [trade.outTradeNo]: { outTradeNo: trade.outTradeNo, ...tx.transaction_id ? { transactionId: tx.transaction_id } : {}, amount: order.amount, detectedAt: now, refundId } },
    trades: { [trade.outTradeNo]: { state: "DUPLICATE", ...tx.transaction_id ? { transactionId: tx.transaction_id } : {} } },
    updatedAt: now
  });
  let refund;
  try {
    refund = await insertRefund(deps, {
      _id: refundId,
      orderId: order._id,
      userId: order.userId,
      outTradeNo: trade.outTradeNo,
      outRefundNo: newOutRefundNo(deps.env),
      origin: "duplicate",
      amount: order.amount,
      total: order.amount,
      reason: "重复支付自动退款",
      status: "APPROVED",
      requestedAt: now,
      decidedAt: now,
      decidedBy: "policy"
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    refund = await readRefund(deps, refundId);
  }
  if (!doc) deps.log.info(`[pay] duplicate payment of order ${order._id} on ${trade.outTradeNo} was recorded already`);
  await submitRefund(deps, refund);
  return readOrder2(deps.db, order._id);
}
async function claimSendSlot(deps, refund) {
  if (refund.origin === "duplicate" || refund.attempts > 0) return true;
  const now = deps.env.now();
  const { updated } = await ordersOf2(deps.db).where({ _id: refund.orderId, lastRefundSubmittedAt: orderCommands(deps.db).lt(now - REFUND_SPACING_MS) }).update({ lastRefundSubmittedAt: now });
  return updated === 1;
}
async function submitRefund(deps, refund) {
  if (refund.status !== "APPROVED" || !refund.outRefundNo) return refund;
  if (!await claimSendSlot(deps, refund)) {
    deps.log.info(`[pay] refund ${refund._id} waits: WeChat Pay wants a minute between refunds of one order`);
    return refund;
  }
  const now = deps.env.now();
  await refundsOf(deps.db).where({ _id: refund._id }).update({ attempts: orderCommands(deps.db).inc(1), submittedAt: now, updatedAt: now });
  let answer;
  try {
    answer = await deps.gateway.createRefund({
      out_trade_no: refund.outTradeNo,
      out_refund_no: refund.outRefundNo,
      ...refund.reason ? { reason: refund.reason } : {},
      amount: { refund: refund.amount, total: refund.total, currency: "CNY" }
    });
  } catch (error) {
    const code = isWxpayError(error) ? error.wechatCode ?? error.code : "error";
    if (!isDefinitiveRejection(error)) {
      deps.log.warn(`[pay] refund ${refund._id} not accepted yet (${code}); the timer retries`);
      return readRefund(deps, refund._id);
    }
    deps.log.warn(`[pay] refund ${refund._id} of order ${refund.orderId} refused by WeChat Pay (${code})`);
    const refused = await moveRefund(deps, refund._id, ["APPROVED"], "REFUSED", { wechatCode: String(code).slice(0, 64), settledAt: deps.env.now() });
    if (refused) await release(deps, refused, true);
    return refused ?? readRefund(deps, refund._id);
  }
  return applyRefund(deps, refundReportOf(answer), "refund");
}
async function applyRefund(deps, report, by) {
  const { data } = await refundsOf(deps.db).where({ outRefundNo: report.out_refund_no }).limit(1).get();
  const refund = data[0];
  if (!refund || refund.outTradeNo !== report.out_trade_no) {
    deps.log.error(`[pay] ${by} names an unknown refund`);
    throw new PaymentMatchError(404, "no such refund");
  }
  const fields = [];
  if (report.amount.refund !== refund.amount) fields.push("amount.refund");
  if (report.amount.total !== refund.total) fields.push("amount.total");
  if (report.mchid !== void 0 && report.mchid !== deps.gateway.mchId) fields.push("mchid");
  if (fields.length > 0) {
    deps.log.error(`[pay] refund ${refund._id} of order ${refund.orderId}: ${by} does not match: ${fields.join(", ")}`);
    throw new PaymentMatchError(400, "refund does not match", fields);
  }
  const facts = { ...report.refund_id ? { refundId: report.refund_id } : {}, ...report.success_time ? { successTime: report.success_time } : {} };
  switch (report.status) {
    case "PROCESSING": {
      if (refund.status !== "APPROVED") return refund;
      return await moveRefund(deps, refund._id, ["APPROVED"], "PROCESSING", facts) ?? readRefund(deps, refund._id);
    }
    case "SUCCESS": {
      const settledAt = parseWechatTime(report.success_time) ?? deps.env.now();
      const won = await moveRefund(deps, refund._id, ["APPROVED", "PROCESSING", "ABNORMAL"], "SUCCESS", { ...facts, settledAt });
      if (!won) return readRefund(deps, refund._id);
      await recordRefunded(deps, won, by);
      return won;
    }
    case "CLOSED": {
      const closed = await moveRefund(deps, refund._id, ["APPROVED", "PROCESSING"], "CLOSED", { ...facts, settledAt: deps.env.now() });
      if (!closed) return readRefund(deps, refund._id);
      deps.log.warn(`[pay] refund ${refund._id} of order ${refund.orderId} was closed by WeChat Pay; its amount can be refunded again`);
      await release(deps, closed, false);
      return closed;
    }
    case "ABNORMAL": {
      const abnormal = await moveRefund(deps, refund._id, ["APPROVED", "PROCESSING"], "ABNORMAL", facts);
      if (abnormal) deps.log.error(`[pay] refund ${refund._id} of order ${refund.orderId} is ABNORMAL at WeChat Pay: the merchant must resolve it`);
      return abnormal ?? readRefund(deps, refund._id);
    }
  }
}
async function recordRefunded(deps, refund, by) {
  const now = deps.env.now();
  if (refund.origin === "duplicate") {
    await ordersOf2(deps.db).where({ _id: refund.orderId }).update({ duplicates: { [refund.outTradeNo]: { refundedAt: now } }, updatedAt: now });
    return;
  }
  const { doc } = await ordersOf2(deps.db).where({ _id: refund.orderId }).updateAndReturn({ refunded: orderCommands(deps.db).inc(refund.amount), updatedAt: now });
  if (!doc) return;
  const target = doc.refunded >= doc.amount ? "REFUNDED" : "PARTIALLY_REFUNDED";
  if (doc.status === target) return;
  const result = await transition(deps, { orderId: doc._id, from: doc.status, to: target, by, set: {} });
  if (!result.won && result.order.status !== target && result.order.status !== "REFUNDED") {
    await transition(deps, { orderId: doc._id, from: result.order.status, to: target, by, set: {} }).catch(() => void 0);
  }
}
var REFUND_REASON_MAX_LENGTH, MAX_REFUNDS_PER_ORDER, REFUND_WINDOW_MS, REFUND_SPACING_MS;
var init_refunds = __esm({
  "cloud/pay/refunds.ts"() {
    "use strict";
    init_database();
    init_db_commands();
    init_errors();
    init_errors4();
    init_match_error();
    init_order_transitions();
    init_orders();
    init_refund_records();
    init_trade_numbers();
    init_trades();
    REFUND_REASON_MAX_LENGTH = 80;
    MAX_REFUNDS_PER_ORDER = 50;
    REFUND_WINDOW_MS = 365 * 864e5;
    REFUND_SPACING_MS = 6e4;
  }
});

// cloud/pay/payments.ts
function transactionMismatches(order, tx, mchId) {
  const fields = [];
  const trade = order.trades?.[tx.out_trade_no];
  if (!trade) fields.push("out_trade_no");
  if (tx.appid !== (trade?.appid ?? order.appid)) fields.push("appid");
  if (tx.mchid !== order.mchid || tx.mchid !== mchId) fields.push("mchid");
  const paid = tx.trade_state === "SUCCESS" || tx.trade_state === "REFUND";
  const total = tx.amount?.total;
  if (paid && total === void 0 || total !== void 0 && total !== order.amount) fields.push("amount");
  if (tx.amount?.currency !== void 0 && tx.amount.currency !== order.currency) fields.push("currency");
  return fields;
}
function checkTransactionShape(tx) {
  const t = tx;
  const ok = typeof t === "object" && t !== null && typeof t.out_trade_no === "string" && typeof t.appid === "string" && typeof t.mchid === "string" && typeof t.trade_state === "string" && (t.amount === void 0 || typeof t.amount === "object" && t.amount !== null);
  if (!ok) throw new PaymentMatchError(400, "transaction lacks out_trade_no, appid, mchid or trade_state");
}
async function markPaid(deps, order, trade, tx, by) {
  const outbox = leasedOutbox(deps);
  const otherLive = order.liveTradeNo && order.liveTradeNo !== trade.outTradeNo ? order.trades[order.liveTradeNo] : void 0;
  const set = {
    paidAt: parseWechatTime(tx.success_time) ?? deps.env.now(),
    ...tx.transaction_id ? { transactionId: tx.transaction_id } : {},
    outTradeNo: trade.outTradeNo,
    channel: trade.channel,
    appid: trade.appid,
    ...tx.payer?.openid ? { payerOpenid: tx.payer.openid } : trade.payerOpenid ? { payerOpenid: trade.payerOpenid } : {},
    trades: { [trade.outTradeNo]: { state: "PAID", ...tx.transaction_id ? { transactionId: tx.transaction_id } : {} } },
    ...order.liveTradeNo === trade.outTradeNo ? { liveTradeNo: "" } : {},
    fulfilment: outbox.entry
  };
  let result = { won: false, order };
  if (result.order.status === "NOTPAY") result = await transition(deps, { orderId: order._id, from: "NOTPAY", to: "PAID", by, set });
  if (!result.won && result.order.status === "CLOSED") {
    result = await transition(deps, { orderId: order._id, from: "CLOSED", to: "PAID", by, set });
    if (result.won) deps.log.warn(`[pay] order ${order._id} was paid after it was closed here; it is PAID now`);
  }
  if (!PAID_STATUSES.includes(result.order.status)) {
    throw new Error(`order ${order._id} is ${result.order.status} after a confirmed payment`);
  }
  if (!result.won && result.order.outTradeNo !== trade.outTradeNo) {
    return { order: await recordDuplicatePayment(deps, result.order, trade, tx, by), changed: false };
  }
  if (result.won && otherLive) await closeLeftoverTrade(deps, result.order, otherLive);
  if (result.won) return { order: await fulfilLeased(deps, result.order, outbox.owner), changed: true };
  return { order: await runFulfilment(deps, result.order), changed: false };
}
async function closeLeftoverTrade(deps, order, trade) {
  const now = deps.env.now();
  let verified = false;
  try {
    await deps.gateway.closeOrder(trade.outTradeNo);
  } catch (error) {
    verified = isWechatCode(error, "ORDER_NOT_EXIST");
    if (!verified && !isWechatCode(error, "ORDERPAID")) deps.log.warn(`[pay] order ${order._id}: closing a leftover trade failed; the timer checks it`);
  }
  await ordersOf2(deps.db).where({ _id: order._id, liveTradeNo: trade.outTradeNo }).update({
    liveTradeNo: "",
    trades: { [trade.outTradeNo]: { state: "CLOSED", closedAt: now, ...verified ? { verified: true } : {} } },
    ...verified ? {} : { unverifiedTrades: orderCommands(deps.db).inc(1) },
    updatedAt: now
  });
}
async function recordDuplicatePayment(deps, order, trade, tx, by) {
  const known = order.duplicates?.[trade.outTradeNo];
  if (known) return order;
  deps.log.warn(`[pay] order ${order._id} was paid twice (trade ${trade.outTradeNo} after ${order.outTradeNo}, by ${by}); refunding the second payment`);
  return refundDuplicatePayment(deps, order, trade, tx);
}
async function applyTransaction(deps, tx, by, known) {
  checkTransactionShape(tx);
  const order = known ?? await findOrderByOutTradeNo(deps.db, tx.out_trade_no);
  if (!order) {
    deps.log.error(`[pay] ${by} names an unknown out_trade_no`);
    throw new PaymentMatchError(404, "no such order");
  }
  const mismatches = transactionMismatches(order, tx, deps.gateway.mchId);
  if (mismatches.length > 0) {
    deps.log.error(`[pay] ${by} for order ${order._id} (out_trade_no ${tx.out_trade_no}) does not match: ${mismatches.join(", ")}`);
    throw new PaymentMatchError(400, "transaction does not match the order", mismatches);
  }
  const trade = order.trades[tx.out_trade_no];
  switch (tx.trade_state) {
    case "SUCCESS":
    case "REFUND": {
      if (PAID_STATUSES.includes(order.status) && order.outTradeNo !== trade.outTradeNo) {
        const recorded = await recordDuplicatePayment(deps, order, trade, tx, by);
        await confirmTradeClosed(deps, order, trade, false);
        return { order: recorded, changed: false };
      }
      const result = await markPaid(deps, order, trade, tx, by);
      await confirmTradeClosed(deps, result.order, trade, false);
      return result;
    }
    case "CLOSED": {
      if (trade.state === "CLOSED" || trade.state === "LIVE") await confirmTradeClosed(deps, order, trade, true);
      if (order.status !== "NOTPAY" || order.liveTradeNo !== trade.outTradeNo) return { order, changed: false };
      const result = await transition(deps, {
        orderId: order._id,
        from: "NOTPAY",
        to: "CLOSED",
        by,
        set: { closedAt: deps.env.now(), closeReason: "WXPAY", liveTradeNo: "", trades: { [trade.outTradeNo]: { state: "CLOSED", closedAt: deps.env.now(), verified: true } } }
      });
      return { order: result.order, changed: result.won };
    }
    default:
      return { order, changed: false };
  }
}
async function confirmTradeClosed(deps, order, trade, closedThere) {
  const current = order.trades[trade.outTradeNo];
  if (!current || current.verified || current.state === "LIVE" || !current.closedAt) return;
  await ordersOf2(deps.db).where({ _id: order._id, [`trades.${trade.outTradeNo}.verified`]: orderCommands(deps.db).exists(false) }).update({ trades: { [trade.outTradeNo]: { verified: true } }, unverifiedTrades: orderCommands(deps.db).inc(-1), updatedAt: deps.env.now() });
  if (!closedThere) deps.log.info(`[pay] closed trade ${trade.outTradeNo} of order ${order._id} was paid after all`);
}
async function queryTrade(deps, outTradeNo) {
  try {
    return await deps.gateway.queryOrderByOutTradeNo(outTradeNo);
  } catch (error) {
    if (isWechatCode(error, "ORDER_NOT_EXIST")) return void 0;
    throw error;
  }
}
async function closeUnpaidOrder(deps, order, reason, by) {
  if (order.status !== "NOTPAY") return order;
  const live = order.liveTradeNo ? order.trades[order.liveTradeNo] : void 0;
  if (live) {
    const outcome = await closeLiveTrade(deps, order, live);
    if (!outcome.closed) {
      const tx = await queryTrade(deps, live.outTradeNo);
      if (tx) return (await applyTransaction(deps, tx, by)).order;
    }
  }
  const result = await transition(deps, {
    orderId: order._id,
    from: "NOTPAY",
    to: "CLOSED",
    by,
    set: { closedAt: deps.env.now(), closeReason: reason }
  });
  return result.order;
}
var ORDER_TTL_MS;
var init_payments = __esm({
  "cloud/pay/payments.ts"() {
    "use strict";
    init_database();
    init_errors4();
    init_fulfilment();
    init_match_error();
    init_order_transitions();
    init_orders();
    init_pricing();
    init_refunds();
    init_trade_numbers();
    init_trades();
    init_match_error();
    init_trades();
    ORDER_TTL_MS = 15 * 6e4;
  }
});

// cloud/merchant/refund-view.ts
function merchantRefundView(refund) {
  return {
    ...toRefundView(refund),
    orderId: refund.orderId,
    origin: refund.origin,
    ...refund.outRefundNo ? { outRefundNo: refund.outRefundNo } : {},
    ...refund.decidedBy ? { decidedBy: refund.decidedBy } : {},
    ...refund.decidedAt !== void 0 ? { decidedAt: refund.decidedAt } : {},
    ...refund.wechatCode ? { wechatCode: refund.wechatCode } : {}
  };
}
var init_refund_view = __esm({
  "cloud/merchant/refund-view.ts"() {
    "use strict";
    init_refund_records();
  }
});

// cloud/wxpay/aes-gcm-cipher.ts
function view2(buffer) {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
function keyBytes(key) {
  const bytes = typeof key === "string" ? Buffer.from(key, "utf8") : key;
  if (bytes.length !== 32) throw new WxpayError("KEY_INVALID", "APIv3 key must be 32 bytes");
  return view2(bytes);
}
function nonceBytes(nonce) {
  if (typeof nonce !== "string" || nonce.length === 0) throw new WxpayError("DECRYPT_FAILED", "nonce is missing");
  return view2(Buffer.from(nonce, "utf8"));
}
function decryptAesGcm({ key, nonce, associatedData = "", ciphertext }) {
  const aesKey = keyBytes(key);
  const iv = nonceBytes(nonce);
  if (typeof ciphertext !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(ciphertext)) {
    throw new WxpayError("DECRYPT_FAILED", "ciphertext is not base64");
  }
  const sealed = Buffer.from(ciphertext, "base64");
  if (sealed.length < TAG_BYTES2) throw new WxpayError("DECRYPT_FAILED", "ciphertext is shorter than the tag");
  const body = view2(sealed).subarray(0, sealed.length - TAG_BYTES2);
  const tag2 = view2(sealed).subarray(sealed.length - TAG_BYTES2);
  try {
    const decipher = (0, import_node_crypto6.createDecipheriv)("aes-256-gcm", aesKey, iv, { authTagLength: TAG_BYTES2 });
    decipher.setAuthTag(tag2);
    decipher.setAAD(view2(Buffer.from(associatedData, "utf8")));
    return decipher.update(body, void 0, "utf8") + decipher.final("utf8");
  } catch {
    throw new WxpayError("DECRYPT_FAILED", "AES-GCM authentication failed");
  }
}
var import_node_crypto6, TAG_BYTES2;
var init_aes_gcm_cipher = __esm({
  "cloud/wxpay/aes-gcm-cipher.ts"() {
    "use strict";
    import_node_crypto6 = require("node:crypto");
    init_errors4();
    TAG_BYTES2 = 16;
  }
});

// cloud/wxpay/constants.ts
var AUTH_SCHEMA, AES_GCM_ALGORITHM, TIMESTAMP_WINDOW_SECONDS, SIGNTEST_PREFIX, PUBLIC_KEY_ID_PREFIX, CERTIFICATE_REFRESH_INTERVAL_MS, DEFAULT_BASE_URL, RequestHeaders, ResponseHeaders, JSON_CONTENT_TYPE, USER_AGENT, Paths, BILL_DOWNLOAD_HOST_SUFFIX;
var init_constants = __esm({
  "cloud/wxpay/constants.ts"() {
    "use strict";
    AUTH_SCHEMA = "WECHATPAY2-SHA256-RSA2048";
    AES_GCM_ALGORITHM = "AEAD_AES_256_GCM";
    TIMESTAMP_WINDOW_SECONDS = 300;
    SIGNTEST_PREFIX = "WECHATPAY/SIGNTEST/";
    PUBLIC_KEY_ID_PREFIX = "PUB_KEY_ID_";
    CERTIFICATE_REFRESH_INTERVAL_MS = 6e4;
    DEFAULT_BASE_URL = "https://api.mch.weixin.qq.com";
    RequestHeaders = {
      Authorization: "Authorization",
      Accept: "Accept",
      ContentType: "Content-Type",
      UserAgent: "User-Agent",
      WechatpaySerial: "Wechatpay-Serial"
    };
    ResponseHeaders = {
      Timestamp: "wechatpay-timestamp",
      Nonce: "wechatpay-nonce",
      Signature: "wechatpay-signature",
      Serial: "wechatpay-serial",
      SignatureType: "wechatpay-signature-type",
      RequestId: "request-id"
    };
    JSON_CONTENT_TYPE = "application/json";
    USER_AGENT = "uni-wx-kit/0.1 (wechatpay-apiv3)";
    Paths = {
      jsapiOrder: "/v3/pay/transactions/jsapi",
      h5Order: "/v3/pay/transactions/h5",
      nativeOrder: "/v3/pay/transactions/native",
      queryByOutTradeNo: (outTradeNo, mchId) => `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(mchId)}`,
      closeOrder: (outTradeNo) => `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`,
      refunds: "/v3/refund/domestic/refunds",
      queryRefund: (outRefundNo) => `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`,
      certificates: "/v3/certificates",
      /** 申请交易账单: `bill_date` (yyyy-MM-DD), `bill_type`, `tar_type`, in that order. */
      tradeBill: (query) => {
        const params = new URLSearchParams({ bill_date: query.bill_date });
        if (query.bill_type) params.set("bill_type", query.bill_type);
        if (query.tar_type) params.set("tar_type", query.tar_type);
        return `/v3/bill/tradebill?${params.toString()}`;
      }
    };
    BILL_DOWNLOAD_HOST_SUFFIX = ".mch.weixin.qq.com";
  }
});

// cloud/wxpay/rsa-verifier.ts
function toRsaPublicKey(key) {
  let parsed;
  try {
    parsed = typeof key === "string" ? (0, import_node_crypto7.createPublicKey)(key) : key;
  } catch {
    throw new WxpayError("KEY_INVALID", "WeChat Pay public key does not parse");
  }
  if (parsed.type !== "public" || parsed.asymmetricKeyType !== "rsa") {
    throw new WxpayError("KEY_INVALID", "WeChat Pay public key must be an RSA public key");
  }
  return parsed;
}
function normaliseSerial(serial) {
  return serial.trim().toUpperCase();
}
function printable(serial) {
  return serial.replace(/[^0-9A-Za-z_]/g, "").slice(0, 64);
}
var import_node_crypto7, RsaVerifier;
var init_rsa_verifier = __esm({
  "cloud/wxpay/rsa-verifier.ts"() {
    "use strict";
    import_node_crypto7 = require("node:crypto");
    init_constants();
    init_errors4();
    RsaVerifier = class {
      #publicKeys = /* @__PURE__ */ new Map();
      #certificates = /* @__PURE__ */ new Map();
      #fetchCertificates;
      #refreshIntervalMs;
      #now;
      #lastRefreshAt;
      #refreshing;
      constructor(options = {}) {
        for (const [id, key] of Object.entries(options.publicKeys ?? {})) {
          this.#publicKeys.set(normaliseSerial(id), toRsaPublicKey(key));
        }
        if (options.certificates) this.setCertificates(options.certificates);
        this.#fetchCertificates = options.fetchCertificates;
        this.#refreshIntervalMs = options.refreshIntervalMs ?? CERTIFICATE_REFRESH_INTERVAL_MS;
        this.#now = options.now ?? Date.now;
      }
      /** Replace the platform certificates (the public keys stay). */
      setCertificates(certificates) {
        const entries = certificates instanceof Map ? [...certificates] : Object.entries(certificates);
        this.#certificates = new Map(entries.map(([serial, key]) => [normaliseSerial(serial), toRsaPublicKey(key)]));
      }
      /** The serials and key ids currently usable. */
      knownSerials() {
        return [...this.#publicKeys.keys(), ...this.#certificates.keys()];
      }
      /**
       * Download the platform certificates, unless a download started less than
       * the refresh interval ago. Concurrent callers share one download. Resolves
       * true when the set was replaced.
       */
      refreshCertificates() {
        const fetchCertificates = this.#fetchCertificates;
        if (!fetchCertificates) return Promise.resolve(false);
        if (this.#refreshing) return this.#refreshing;
        const now = this.#now();
        if (this.#lastRefreshAt !== void 0 && now - this.#lastRefreshAt < this.#refreshIntervalMs) return Promise.resolve(false);
        this.#lastRefreshAt = now;
        this.#refreshing = (async () => {
          try {
            this.setCertificates(await fetchCertificates());
            return true;
          } finally {
            this.#refreshing = void 0;
          }
        })();
        return this.#refreshing;
      }
      /** Verify, refreshing certificates once for an unknown certificate serial. */
      async verify(serial, message2, signature) {
        const key = await this.#keyFor(serial);
        let valid = false;
        try {
          valid = (0, import_node_crypto7.createVerify)("RSA-SHA256").update(message2, "utf8").verify(key, signature, "base64");
        } catch {
          valid = false;
        }
        if (!valid) throw new WxpayError("SIGNATURE_INVALID", "WeChat Pay signature does not verify");
      }
      #lookup(id) {
        return this.#publicKeys.get(id) ?? this.#certificates.get(id);
      }
      async #keyFor(serial) {
        const id = normaliseSerial(serial);
        const known = this.#lookup(id);
        if (known) return known;
        if (!id.startsWith(PUBLIC_KEY_ID_PREFIX) && this.#fetchCertificates) {
          try {
            await this.refreshCertificates();
          } catch (error) {
            const why = isWxpayError(error) ? error.code : "error";
            throw new WxpayError("SERIAL_UNKNOWN", `no key for serial ${printable(serial)} (certificate refresh failed: ${why})`);
          }
          const fetched = this.#lookup(id);
          if (fetched) return fetched;
        }
        throw new WxpayError("SERIAL_UNKNOWN", `no key for serial ${printable(serial)}`);
      }
    };
  }
});

// cloud/wxpay/messages.ts
function buildRequestMessage({ method, pathWithQuery, timestamp, nonce, body = "" }) {
  return `${method.toUpperCase()}
${pathWithQuery}
${timestamp}
${nonce}
${body}
`;
}
function buildResponseMessage({ timestamp, nonce, body }) {
  return `${timestamp}
${nonce}
${body}
`;
}
function buildPaySignMessage({ appId: appId2, timeStamp, nonceStr, package: pkg }) {
  return `${appId2}
${timeStamp}
${nonceStr}
${pkg}
`;
}
function buildAuthorization({ mchId, nonce, signature, timestamp, serialNo }) {
  return `${AUTH_SCHEMA} mchid="${mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${serialNo}"`;
}
var init_messages = __esm({
  "cloud/wxpay/messages.ts"() {
    "use strict";
    init_constants();
  }
});

// cloud/wxpay/validator.ts
function lowerCaseHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== void 0) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
var WechatPayValidator;
var init_validator = __esm({
  "cloud/wxpay/validator.ts"() {
    "use strict";
    init_constants();
    init_errors4();
    init_messages();
    WechatPayValidator = class {
      #verifier;
      #now;
      #windowSeconds;
      constructor(options) {
        this.#verifier = options.verifier;
        this.#now = options.now ?? Date.now;
        this.#windowSeconds = options.windowSeconds ?? TIMESTAMP_WINDOW_SECONDS;
      }
      /** Resolve with the checked facts, or throw a WxpayError saying what failed. */
      async validate(headers, rawBody) {
        if (typeof rawBody !== "string") throw new WxpayError("BODY_NOT_RAW", "body must be the raw string received");
        const h = lowerCaseHeaders(headers);
        const timestampText = h[ResponseHeaders.Timestamp];
        const nonce = h[ResponseHeaders.Nonce];
        const signature = h[ResponseHeaders.Signature];
        const serial = h[ResponseHeaders.Serial];
        const missing = [
          [ResponseHeaders.Timestamp, timestampText],
          [ResponseHeaders.Nonce, nonce],
          [ResponseHeaders.Signature, signature],
          [ResponseHeaders.Serial, serial]
        ].filter(([, value]) => !value).map(([name]) => name);
        if (missing.length > 0 || !timestampText || !nonce || !signature || !serial) {
          throw new WxpayError("HEADER_MISSING", `missing header: ${missing.join(", ")}`);
        }
        const signatureType = h[ResponseHeaders.SignatureType];
        if (signatureType !== void 0 && signatureType !== AUTH_SCHEMA) {
          throw new WxpayError("ALGORITHM_UNSUPPORTED", "unsupported Wechatpay-Signature-Type");
        }
        if (!/^\d{1,12}$/.test(timestampText)) throw new WxpayError("HEADER_INVALID", "Wechatpay-Timestamp is not unix seconds");
        const timestamp = Number(timestampText);
        const nowSeconds = Math.floor(this.#now() / 1e3);
        if (Math.abs(nowSeconds - timestamp) > this.#windowSeconds) {
          throw new WxpayError("TIMESTAMP_EXPIRED", `Wechatpay-Timestamp is outside the ${this.#windowSeconds} s window`);
        }
        if (signature.startsWith(SIGNTEST_PREFIX)) {
          throw new WxpayError("SIGNTEST", "WeChat Pay signature probe (WECHATPAY/SIGNTEST/) rejected");
        }
        await this.#verifier.verify(serial, buildResponseMessage({ timestamp: timestampText, nonce, body: rawBody }), signature);
        const result = { serial, timestamp, nonce };
        const requestId = h[ResponseHeaders.RequestId];
        if (requestId) result.requestId = requestId;
        return result;
      }
    };
  }
});

// cloud/wxpay/certificates.ts
function parseEntries(body) {
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new WxpayError("RESPONSE_MALFORMED", "certificate list is not JSON");
  }
  const data = parsed?.data;
  if (!Array.isArray(data)) throw new WxpayError("RESPONSE_MALFORMED", "certificate list lacks data");
  for (const entry of data) {
    const ok = typeof entry === "object" && entry !== null && typeof entry.serial_no === "string" && typeof entry.encrypt_certificate === "object" && entry.encrypt_certificate !== null;
    if (!ok) throw new WxpayError("RESPONSE_MALFORMED", "certificate entry lacks serial_no or encrypt_certificate");
  }
  return data;
}
function sameSerial(a, b) {
  const strip = (s) => normaliseSerial(s).replace(/^0+/, "");
  return strip(a) === strip(b);
}
async function downloadCertificates({ send, apiV3Key, publicKeys, now = Date.now }) {
  const response = await send(Paths.certificates);
  if (response.status < 200 || response.status >= 300) throw upstreamError(response);
  const certificates = /* @__PURE__ */ new Map();
  for (const entry of parseEntries(response.body)) {
    const encrypted = entry.encrypt_certificate;
    if (encrypted.algorithm !== AES_GCM_ALGORITHM) {
      throw new WxpayError("ALGORITHM_UNSUPPORTED", "certificate algorithm is not AEAD_AES_256_GCM");
    }
    const pem = decryptAesGcm({
      key: apiV3Key,
      nonce: encrypted.nonce,
      associatedData: encrypted.associated_data ?? "",
      ciphertext: encrypted.ciphertext
    });
    let certificate;
    try {
      certificate = new import_node_crypto8.X509Certificate(pem);
    } catch {
      throw new WxpayError("RESPONSE_MALFORMED", "downloaded certificate does not parse");
    }
    if (!sameSerial(certificate.serialNumber, entry.serial_no)) {
      throw new WxpayError("RESPONSE_MALFORMED", "downloaded certificate serial does not match serial_no");
    }
    if (Date.parse(certificate.validTo) < now()) continue;
    certificates.set(normaliseSerial(entry.serial_no), certificate.publicKey);
  }
  const validator = new WechatPayValidator({ verifier: new RsaVerifier({ certificates, publicKeys }), now });
  await validator.validate(response.headers, response.body);
  return certificates;
}
var import_node_crypto8;
var init_certificates = __esm({
  "cloud/wxpay/certificates.ts"() {
    "use strict";
    import_node_crypto8 = require("node:crypto");
    init_aes_gcm_cipher();
    init_constants();
    init_errors4();
    init_rsa_verifier();
    init_validator();
  }
});

// cloud/wxpay/client.ts
function randomNonce() {
  return (0, import_node_crypto9.randomBytes)(16).toString("hex").toUpperCase();
}
function requireFen(value, field) {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new WxpayError("REQUEST_INVALID", `${field} must be a positive integer number of fen`);
  }
}
function checkOrder(order) {
  if (typeof order.out_trade_no !== "string" || !OUT_TRADE_NO.test(order.out_trade_no)) {
    throw new WxpayError("REQUEST_INVALID", "out_trade_no must be 6-32 of [0-9A-Za-z_-|*]");
  }
  if (typeof order.description !== "string" || order.description.length === 0 || order.description.length > 127) {
    throw new WxpayError("REQUEST_INVALID", "description must be 1-127 characters");
  }
  if (order.attach !== void 0 && order.attach.length > 128) {
    throw new WxpayError("REQUEST_INVALID", "attach must be at most 128 characters");
  }
  requireFen(order.amount?.total, "amount.total");
}
function isRetryable2(error) {
  if (!isWxpayError(error)) return false;
  if (error.code === "TIMEOUT") return true;
  if (error.code !== "UPSTREAM_ERROR") return false;
  return error.status === 429 || error.status === 500 && error.wechatCode === "SYSTEM_ERROR";
}
var import_node_crypto9, OUT_TRADE_NO, BILL_DATE, OUT_REFUND_NO, WechatPayClient;
var init_client2 = __esm({
  "cloud/wxpay/client.ts"() {
    "use strict";
    import_node_crypto9 = require("node:crypto");
    init_http();
    init_constants();
    init_errors4();
    init_messages();
    OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
    BILL_DATE = /^\d{4}-\d{2}-\d{2}$/;
    OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
    WechatPayClient = class {
      #signer;
      #validator;
      #http;
      #baseUrl;
      #publicKeyId;
      #notifyUrl;
      #refundNotifyUrl;
      #now;
      #nonce;
      #timeoutMs;
      #retry;
      #sleep;
      #random;
      constructor(options) {
        this.mchId = options.mchId;
        this.appId = options.appId;
        this.#signer = options.signer;
        this.#validator = options.validator;
        this.#http = options.http;
        this.#baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
        this.#publicKeyId = options.publicKeyId;
        this.#notifyUrl = options.notifyUrl;
        this.#refundNotifyUrl = options.refundNotifyUrl;
        this.#now = options.now ?? Date.now;
        this.#nonce = options.nonce ?? randomNonce;
        this.#timeoutMs = options.timeoutMs ?? 1e4;
        this.#retry = options.retry ?? { retries: 2, baseDelayMs: 200 };
        this.#sleep = options.sleep;
        this.#random = options.random;
      }
      /**
       * Send one signed request and return the raw answer, unverified. Used by
       * `request` and by the certificate download (which verifies on its own).
       */
      async sendSigned(method, path, body = "") {
        return this.#send(this.#baseUrl, method, path, body, "text");
      }
      async #send(origin, method, path, body, responseType) {
        const timestamp = Math.floor(this.#now() / 1e3);
        const nonce = this.#nonce();
        const signature = this.#signer.sign(buildRequestMessage({ method, pathWithQuery: path, timestamp, nonce, body }));
        const headers = {
          [RequestHeaders.Authorization]: buildAuthorization({
            mchId: this.mchId,
            nonce,
            signature,
            timestamp,
            serialNo: this.#signer.serialNo
          }),
          [RequestHeaders.Accept]: JSON_CONTENT_TYPE,
          [RequestHeaders.ContentType]: JSON_CONTENT_TYPE,
          [RequestHeaders.UserAgent]: USER_AGENT
        };
        if (this.#publicKeyId) headers[RequestHeaders.WechatpaySerial] = this.#publicKeyId;
        try {
          return await this.#http.request(`${origin}${path}`, {
            method,
            headers,
            ...method === "GET" ? {} : { body },
            timeoutMs: this.#timeoutMs,
            ...responseType === "bytes" ? { responseType } : {}
          });
        } catch (error) {
          if (error instanceof HttpError && error.failure === "timeout") {
            throw new WxpayError("TIMEOUT", `WeChat Pay did not answer within ${this.#timeoutMs} ms`);
          }
          throw new WxpayError("NETWORK_ERROR", "WeChat Pay could not be reached");
        }
      }
      /** Call the API: sign, send, verify, parse; retried per the policy when idempotent. */
      async request({ method, path, body, idempotent = method === "GET" }) {
        const text = body === void 0 || method === "GET" ? "" : JSON.stringify(body);
        return withRetry(() => this.#attempt(method, path, text), {
          retries: idempotent ? this.#retry.retries : 0,
          baseDelayMs: this.#retry.baseDelayMs,
          maxDelayMs: this.#retry.maxDelayMs,
          shouldRetry: isRetryable2,
          sleep: this.#sleep,
          random: this.#random
        });
      }
      async #attempt(method, path, body) {
        const response = await this.sendSigned(method, path, body);
        if (response.status < 200 || response.status >= 300) throw upstreamError(response);
        const signature = await this.#validator.validate(response.headers, response.body);
        let data;
        if (response.body !== "") {
          try {
            data = JSON.parse(response.body);
          } catch {
            throw new WxpayError("RESPONSE_MALFORMED", "WeChat Pay answered with a body that is not JSON");
          }
        }
        return { status: response.status, data, signature };
      }
      #orderBody(order) {
        checkOrder(order);
        const appid = order.appid ?? this.appId;
        const notifyUrl2 = order.notify_url ?? this.#notifyUrl;
        if (!appid) throw new WxpayError("REQUEST_INVALID", "appid is required");
        if (!notifyUrl2) throw new WxpayError("REQUEST_INVALID", "notify_url is required");
        return {
          ...order,
          appid,
          mchid: this.mchId,
          notify_url: notifyUrl2,
          amount: { ...order.amount, currency: order.amount.currency ?? "CNY" }
        };
      }
      #expect(data, field) {
        if (typeof data !== "object" || data === null || typeof data[field] !== "string") {
          throw new WxpayError("RESPONSE_MALFORMED", `WeChat Pay answer lacks ${field}`);
        }
        return data;
      }
      /** JSAPI / mini program order → prepay_id (valid 2 h). Idempotent per out_trade_no. */
      async createJsapiOrder(order) {
        if (!order.payer?.openid) throw new WxpayError("REQUEST_INVALID", "payer.openid is required");
        const body = this.#orderBody(order);
        const { data } = await this.request({ method: "POST", path: Paths.jsapiOrder, body, idempotent: true });
        return this.#expect(data, "prepay_id");
      }
      /** H5 order (mobile browser outside WeChat) → h5_url. */
      async createH5Order(order) {
        if (!order.scene_info?.payer_client_ip) throw new WxpayError("REQUEST_INVALID", "scene_info.payer_client_ip is required");
        const body = this.#orderBody(order);
        const { data } = await this.request({ method: "POST", path: Paths.h5Order, body, idempotent: true });
        return this.#expect(data, "h5_url");
      }
      /** Native order (desktop QR code) → code_url. */
      async createNativeOrder(order) {
        const body = this.#orderBody(order);
        const { data } = await this.request({ method: "POST", path: Paths.nativeOrder, body, idempotent: true });
        return this.#expect(data, "code_url");
      }
      /** Query an order by the merchant's out_trade_no. */
      async queryOrderByOutTradeNo(outTradeNo) {
        if (!OUT_TRADE_NO.test(outTradeNo)) throw new WxpayError("REQUEST_INVALID", "out_trade_no must be 6-32 of [0-9A-Za-z_-|*]");
        const { data } = await this.request({ method: "GET", path: Paths.queryByOutTradeNo(outTradeNo, this.mchId) });
        return this.#expect(data, "trade_state");
      }
      /** Close an unpaid order (204). Closing twice is harmless, so it is retried. */
      async closeOrder(outTradeNo) {
        if (!OUT_TRADE_NO.test(outTradeNo)) throw new WxpayError("REQUEST_INVALID", "out_trade_no must be 6-32 of [0-9A-Za-z_-|*]");
        await this.request({ method: "POST", path: Paths.closeOrder(outTradeNo), body: { mchid: this.mchId }, idempotent: true });
      }
      /** Create a refund. WeChat Pay refunds once per out_refund_no, so it is retried. */
      async createRefund(refund) {
        if (!refund.out_trade_no === !refund.transaction_id) {
          throw new WxpayError("REQUEST_INVALID", "exactly one of out_trade_no and transaction_id is required");
        }
        if (typeof refund.out_refund_no !== "string" || !OUT_REFUND_NO.test(refund.out_refund_no)) {
          throw new WxpayError("REQUEST_INVALID", "out_refund_no must be 1-64 of [0-9A-Za-z_-|*@]");
        }
        requireFen(refund.amount?.refund, "amount.refund");
        requireFen(refund.amount?.total, "amount.total");
        if (refund.amount.refund > refund.amount.total) throw new WxpayError("REQUEST_INVALID", "amount.refund exceeds amount.total");
        const notifyUrl2 = refund.notify_url ?? this.#refundNotifyUrl;
        const body = {
          ...refund,
          ...notifyUrl2 ? { notify_url: notifyUrl2 } : {},
          amount: { ...refund.amount, currency: refund.amount.currency ?? "CNY" }
        };
        const { data } = await this.request({ method: "POST", path: Paths.refunds, body, idempotent: true });
        return this.#expect(data, "status");
      }
      /** Query a refund by out_refund_no. */
      async queryRefund(outRefundNo) {
        if (!OUT_REFUND_NO.test(outRefundNo)) throw new WxpayError("REQUEST_INVALID", "out_refund_no must be 1-64 of [0-9A-Za-z_-|*@]");
        const { data } = await this.request({ method: "GET", path: Paths.queryRefund(outRefundNo) });
        return this.#expect(data, "status");
      }
      /**
       * 申请交易账单: where the bill of `bill_date` can be downloaded, and its SHA1
       * (of the uncompressed file). A bill not made yet answers 400
       * STATEMENT_CREATING, a day without trades 400 NO_STATEMENT_EXIST (both
       * UPSTREAM_ERROR with that wechatCode).
       */
      async applyTradeBill(request) {
        if (typeof request.bill_date !== "string" || !BILL_DATE.test(request.bill_date)) throw new WxpayError("REQUEST_INVALID", "bill_date must be yyyy-MM-DD");
        const { data } = await this.request({ method: "GET", path: Paths.tradeBill(request) });
        this.#expect(data, "hash_value");
        return this.#expect(data, "download_url");
      }
      /**
       * 下载账单: GET the download_url with a signed Authorization and answer the
       * file's bytes as received (gzip when applied for with tar_type GZIP). The
       * answer carries no WeChat Pay signature, so it is not verified here: the
       * caller checks the file against the signed hash_value before using it. The
       * URL must be WeChat Pay's (the configured API host, or a host under
       * mch.weixin.qq.com over https), so the signed request goes nowhere else.
       */
      async downloadBill(downloadUrl) {
        const { origin, path } = this.#downloadTarget(downloadUrl);
        return withRetry(
          async () => {
            const response = await this.#send(origin, "GET", path, "", "bytes");
            const bytes = response.bytes ?? new Uint8Array(0);
            if (response.status < 200 || response.status >= 300) throw upstreamError({ ...response, body: Buffer.from(bytes).toString("utf8") });
            return bytes;
          },
          { retries: this.#retry.retries, baseDelayMs: this.#retry.baseDelayMs, maxDelayMs: this.#retry.maxDelayMs, shouldRetry: isRetryable2, sleep: this.#sleep, random: this.#random }
        );
      }
      #downloadTarget(downloadUrl) {
        let url;
        try {
          url = new URL(downloadUrl);
        } catch {
          throw new WxpayError("RESPONSE_MALFORMED", "download_url is not a URL");
        }
        const onApiHost = url.origin === new URL(this.#baseUrl).origin;
        const onWechatHost = url.protocol === "https:" && url.hostname.endsWith(BILL_DOWNLOAD_HOST_SUFFIX);
        if (!onApiHost && !onWechatHost) throw new WxpayError("RESPONSE_MALFORMED", "download_url is not on a WeChat Pay host");
        return { origin: url.origin, path: `${url.pathname}${url.search}` };
      }
      /** The signed parameters of wx.requestPayment / uni.requestPayment for a prepay_id. */
      buildRequestPaymentParams({ appId: appId2 = this.appId, prepayId }) {
        if (!appId2) throw new WxpayError("REQUEST_INVALID", "appId is required");
        if (!prepayId) throw new WxpayError("REQUEST_INVALID", "prepayId is required");
        const timeStamp = String(Math.floor(this.#now() / 1e3));
        const nonceStr = this.#nonce();
        const pkg = `prepay_id=${prepayId}`;
        const paySign = this.#signer.sign(buildPaySignMessage({ appId: appId2, timeStamp, nonceStr, package: pkg }));
        return { appId: appId2, timeStamp, nonceStr, package: pkg, signType: "RSA", paySign };
      }
    };
  }
});

// cloud/wxpay/notify-parser.ts
function isObject2(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function parseEnvelope(rawBody) {
  let event;
  try {
    event = JSON.parse(rawBody);
  } catch {
    throw new WxpayError("NOTIFY_MALFORMED", "notify body is not JSON");
  }
  if (!isObject2(event) || typeof event.id !== "string" || typeof event.event_type !== "string" || !isObject2(event.resource)) {
    throw new WxpayError("NOTIFY_MALFORMED", "notify body lacks id, event_type or resource");
  }
  const { resource } = event;
  if (typeof resource.algorithm !== "string" || typeof resource.ciphertext !== "string" || typeof resource.nonce !== "string") {
    throw new WxpayError("NOTIFY_MALFORMED", "notify resource lacks algorithm, ciphertext or nonce");
  }
  if (resource.associated_data !== void 0 && typeof resource.associated_data !== "string") {
    throw new WxpayError("NOTIFY_MALFORMED", "notify resource associated_data is not a string");
  }
  return event;
}
var NotifyParser;
var init_notify_parser = __esm({
  "cloud/wxpay/notify-parser.ts"() {
    "use strict";
    init_aes_gcm_cipher();
    init_constants();
    init_errors4();
    NotifyParser = class {
      #validator;
      #apiV3Key;
      constructor(options) {
        this.#validator = options.validator;
        this.#apiV3Key = options.apiV3Key;
      }
      /** Verify and decrypt a notify; `rawBody` is the body exactly as received. */
      async parse(headers, rawBody) {
        const signature = await this.#validator.validate(headers, rawBody);
        const event = parseEnvelope(rawBody);
        if (event.resource.algorithm !== AES_GCM_ALGORITHM) {
          throw new WxpayError("ALGORITHM_UNSUPPORTED", "notify resource algorithm is not AEAD_AES_256_GCM");
        }
        const plaintext = decryptAesGcm({
          key: this.#apiV3Key,
          nonce: event.resource.nonce,
          associatedData: event.resource.associated_data ?? "",
          ciphertext: event.resource.ciphertext
        });
        let resource;
        try {
          resource = JSON.parse(plaintext);
        } catch {
          throw new WxpayError("NOTIFY_MALFORMED", "decrypted resource is not JSON");
        }
        if (!isObject2(resource)) throw new WxpayError("NOTIFY_MALFORMED", "decrypted resource is not an object");
        return { event, resource, signature };
      }
      /** A TRANSACTION.* notify; any other event type is NOTIFY_MALFORMED. */
      parseTransaction(headers, rawBody) {
        return this.#parseKind("TRANSACTION.", headers, rawBody);
      }
      /** A REFUND.* notify; any other event type is NOTIFY_MALFORMED. */
      parseRefund(headers, rawBody) {
        return this.#parseKind("REFUND.", headers, rawBody);
      }
      async #parseKind(prefix, headers, rawBody) {
        const parsed = await this.parse(headers, rawBody);
        if (!parsed.event.event_type.startsWith(prefix)) {
          throw new WxpayError("NOTIFY_MALFORMED", `expected a ${prefix}* notify`);
        }
        return parsed;
      }
    };
  }
});

// cloud/wxpay/rsa-signer.ts
function toRsaPrivateKey(key) {
  let parsed;
  try {
    parsed = typeof key === "string" ? (0, import_node_crypto10.createPrivateKey)(key) : key;
  } catch {
    throw new WxpayError("KEY_INVALID", "merchant private key does not parse");
  }
  if (parsed.type !== "private" || parsed.asymmetricKeyType !== "rsa") {
    throw new WxpayError("KEY_INVALID", "merchant private key must be an RSA private key");
  }
  return parsed;
}
var import_node_crypto10, RsaSigner;
var init_rsa_signer = __esm({
  "cloud/wxpay/rsa-signer.ts"() {
    "use strict";
    import_node_crypto10 = require("node:crypto");
    init_errors4();
    RsaSigner = class {
      #key;
      constructor(options) {
        this.#key = toRsaPrivateKey(options.privateKey);
        this.serialNo = options.serialNo;
      }
      /** Base64 SHA256withRSA (PKCS#1 v1.5) of the UTF-8 message. */
      sign(message2) {
        return (0, import_node_crypto10.createSign)("RSA-SHA256").update(message2, "utf8").sign(this.#key, "base64");
      }
    };
  }
});

// cloud/wxpay/wechat-pay.ts
function createWechatPay(options) {
  const { credentials, now = Date.now } = options;
  const signer = new RsaSigner({ privateKey: credentials.merchantPrivateKey, serialNo: credentials.merchantSerialNo });
  const box = {};
  const publicKeys = credentials.publicKeyId && credentials.publicKey ? { [credentials.publicKeyId]: credentials.publicKey } : {};
  const verifier = new RsaVerifier({
    publicKeys,
    fetchCertificates: () => downloadCertificates({
      send: (path) => box.client.sendSigned("GET", path),
      apiV3Key: credentials.apiV3Key,
      publicKeys,
      now
    }),
    refreshIntervalMs: options.certificateRefreshIntervalMs,
    now
  });
  const validator = new WechatPayValidator({ verifier, now });
  const client = new WechatPayClient({
    mchId: credentials.mchId,
    appId: credentials.appId,
    signer,
    validator,
    http: options.http,
    baseUrl: options.baseUrl,
    publicKeyId: credentials.publicKeyId,
    notifyUrl: credentials.notifyUrl,
    refundNotifyUrl: credentials.refundNotifyUrl,
    now,
    nonce: options.nonce,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    sleep: options.sleep,
    random: options.random
  });
  box.client = client;
  const notifyParser = new NotifyParser({ validator, apiV3Key: credentials.apiV3Key });
  return { client, notifyParser, validator, verifier };
}
var init_wechat_pay = __esm({
  "cloud/wxpay/wechat-pay.ts"() {
    "use strict";
    init_certificates();
    init_client2();
    init_notify_parser();
    init_rsa_signer();
    init_rsa_verifier();
    init_validator();
  }
});

// cloud/objects/pay/wiring.ts
function wechatPay() {
  const { wxpay, endpoints } = getConfig(["wxpay"]);
  if (wired?.config !== wxpay) {
    wired = {
      config: wxpay,
      wechatPay: createWechatPay({
        credentials: wxpay,
        http: createUniCloudHttpClient(),
        baseUrl: endpoints.wxpayApi
      })
    };
  }
  return wired.wechatPay;
}
function fulfiller() {
  const uniCloud2 = getUniCloud();
  const hook = getConfig(["fulfilment"]).fulfilment;
  if (hook) return createCloudObjectFulfiller({ importObject: (name) => uniCloud2.importObject(name), cloudObject: hook.cloudObject, method: hook.method });
  return createDeliveryFulfiller({ db: uniCloud2.database(), env: systemEnv });
}
function payDeps() {
  const db = getUniCloud().database();
  const shipping = () => createShippingDeps({ db, env: systemEnv, http: createUniCloudHttpClient(), config: getConfig(["mp", "sessionKeyEncryptionKey"]) });
  return { db, gateway: wechatPay().client, env: systemEnv, fulfiller: fulfiller(), log, shipping };
}
var log, wired;
var init_wiring = __esm({
  "cloud/objects/pay/wiring.ts"() {
    "use strict";
    init_config();
    init_env();
    init_http();
    init_unicloud();
    init_wechat_pay();
    init_fulfilment();
    init_shipping();
    log = {
      info: (line) => console.log(line),
      warn: (line) => console.warn(line),
      error: (line) => console.error(line)
    };
  }
});

// cloud/merchant/bill-csv.ts
function malformed2(line, what) {
  return new CloudError("BILL_MALFORMED", `trade bill line ${line}: ${what}`, { line });
}
function decimalUnits(text, decimals) {
  const match = /^(-?)(\d{1,15})(?:\.(\d+))?$/.exec(text);
  if (!match) return void 0;
  const fraction = match[3] ?? "";
  if (fraction.length > decimals && !/^0+$/.test(fraction.slice(decimals))) return void 0;
  const units = Number(match[2]) * 10 ** decimals + Number(fraction.slice(0, decimals).padEnd(decimals, "0"));
  if (!Number.isSafeInteger(units)) return void 0;
  return match[1] === "-" && units !== 0 ? -units : units;
}
function backtickedValues(text, line) {
  if (!text.startsWith("`")) throw malformed2(line, "a value lacks its leading backtick");
  return text.slice(1).split(",`");
}
function headerNames(text) {
  return text.split(",").map((name) => name.trim());
}
function* linesOf(text) {
  let start = text.charCodeAt(0) === 65279 ? 1 : 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    line++;
    yield { text: text.slice(start, stop), line };
    start = end + 1;
  }
}
function emptyRow(line) {
  return {
    line,
    tradeTime: 0,
    appid: "",
    mchid: "",
    subMchid: "",
    deviceInfo: "",
    transactionId: "",
    outTradeNo: "",
    openid: "",
    tradeType: "",
    tradeState: "",
    bankType: "",
    currency: "",
    settlementTotal: 0,
    coupon: 0,
    refundId: "",
    outRefundNo: "",
    refund: 0,
    rechargeCouponRefund: 0,
    refundType: "",
    refundStatus: "",
    description: "",
    attach: "",
    fee: 0,
    feeRate: "",
    total: 0,
    appliedRefund: 0,
    feeNote: ""
  };
}
function parseRow(values, fields, line) {
  if (values.length !== fields.length) throw malformed2(line, `${values.length} values for ${fields.length} columns`);
  const row = emptyRow(line);
  const record = row;
  for (let i = 0; i < fields.length; i++) {
    const column = fields[i];
    if (!column) continue;
    const [field, kind, required] = column;
    const text = values[i];
    switch (kind) {
      case "text":
        record[field] = text;
        break;
      case "refundNo":
        record[field] = text === "0" ? "" : text;
        break;
      case "time": {
        const ms = parseBeijingDateTime(text);
        if (ms === void 0) throw malformed2(line, `${columnName(field)} is not yyyy-MM-dd HH:mm:ss`);
        record[field] = ms;
        break;
      }
      case "fen":
      case "fee": {
        const units = text === "" && !required ? 0 : decimalUnits(text, kind === "fee" ? 5 : 2);
        if (units === void 0) throw malformed2(line, `${columnName(field)} is not an amount`);
        record[field] = units;
        break;
      }
    }
  }
  return row;
}
function columnName(field) {
  return Object.keys(DETAIL_COLUMNS).find((name) => DETAIL_COLUMNS[name][0] === field) ?? field;
}
function yuanText(fen) {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
function feeText(units) {
  const sign = units < 0 ? "-" : "";
  const abs = Math.abs(units);
  return `${sign}${Math.floor(abs / 1e5)}.${String(abs % 1e5).padStart(5, "0")}`;
}
var DETAIL_COLUMNS, SUMMARY_COLUMNS, SUMMARY_FIRST_COLUMN, TradeBillReader;
var init_bill_csv = __esm({
  "cloud/merchant/bill-csv.ts"() {
    "use strict";
    init_beijing_time();
    init_errors();
    DETAIL_COLUMNS = {
      交易时间: ["tradeTime", "time", true],
      公众账号ID: ["appid", "text", true],
      商户号: ["mchid", "text", true],
      特约商户号: ["subMchid", "text", false],
      设备号: ["deviceInfo", "text", false],
      微信订单号: ["transactionId", "text", true],
      商户订单号: ["outTradeNo", "text", true],
      用户标识: ["openid", "text", false],
      交易类型: ["tradeType", "text", false],
      交易状态: ["tradeState", "text", true],
      付款银行: ["bankType", "text", false],
      货币种类: ["currency", "text", false],
      应结订单金额: ["settlementTotal", "fen", true],
      代金券金额: ["coupon", "fen", false],
      微信退款单号: ["refundId", "refundNo", true],
      商户退款单号: ["outRefundNo", "refundNo", true],
      退款金额: ["refund", "fen", true],
      充值券退款金额: ["rechargeCouponRefund", "fen", false],
      退款类型: ["refundType", "text", false],
      退款状态: ["refundStatus", "text", true],
      商品名称: ["description", "text", false],
      商户数据包: ["attach", "text", false],
      手续费: ["fee", "fee", true],
      费率: ["feeRate", "text", false],
      订单金额: ["total", "fen", true],
      申请退款金额: ["appliedRefund", "fen", true],
      费率备注: ["feeNote", "text", false]
    };
    SUMMARY_COLUMNS = {
      总交易单数: ["count", "count"],
      应结订单总金额: ["settlementTotal", "fen"],
      退款总金额: ["refund", "fen"],
      充值券退款总金额: ["rechargeCouponRefund", "fen"],
      手续费总金额: ["fee", "fee"],
      订单总金额: ["total", "fen"],
      申请退款总金额: ["appliedRefund", "fen"]
    };
    SUMMARY_FIRST_COLUMN = "总交易单数";
    TradeBillReader = class {
      #text;
      #summary;
      constructor(text) {
        this.#text = text;
      }
      /** The summary row; known once `rows()` has been read to the end. */
      get summary() {
        if (!this.#summary) throw new Error("read the rows first: the summary is at the end of the bill");
        return this.#summary;
      }
      /** The detail rows in file order, each parsed when it is reached; BILL_MALFORMED on the first row that is not WeChat Pay's format. */
      *rows() {
        const lines = linesOf(this.#text);
        const first = lines.next();
        if (first.done) throw malformed2(1, "the bill is empty");
        const columns = headerNames(first.value.text);
        const fields = columns.map((name) => DETAIL_COLUMNS[name]);
        for (const [name, [, , required]] of Object.entries(DETAIL_COLUMNS)) {
          if (required && !columns.includes(name)) throw malformed2(1, `the header lacks ${name}`);
        }
        let last = first.value.line;
        for (const { text, line } of lines) {
          last = line;
          if (text === "") continue;
          if (text.startsWith(SUMMARY_FIRST_COLUMN)) {
            this.#summary = this.#readSummary(text, line, lines);
            return;
          }
          yield parseRow(backtickedValues(text, line), fields, line);
        }
        throw malformed2(last, "the summary rows are missing");
      }
      #readSummary(headerText, headerLine, lines) {
        const names = headerNames(headerText);
        for (const name of Object.keys(SUMMARY_COLUMNS)) if (!names.includes(name)) throw malformed2(headerLine, `the summary header lacks ${name}`);
        let next = lines.next();
        while (!next.done && next.value.text === "") next = lines.next();
        if (next.done) throw malformed2(headerLine, "the summary row is missing");
        const { text, line } = next.value;
        const values = backtickedValues(text, line);
        if (values.length !== names.length) throw malformed2(line, `the summary row has ${values.length} values for ${names.length} columns`);
        const summary = { count: 0, settlementTotal: 0, refund: 0, rechargeCouponRefund: 0, fee: 0, total: 0, appliedRefund: 0 };
        names.forEach((name, i) => {
          const column = SUMMARY_COLUMNS[name];
          if (!column) return;
          const [field, kind] = column;
          const value = kind === "count" ? /^\d{1,9}$/.test(values[i]) ? Number(values[i]) : void 0 : decimalUnits(values[i], kind === "fee" ? 5 : 2);
          if (value === void 0) throw malformed2(line, `${name} is not a number`);
          summary[field] = value;
        });
        for (let rest = lines.next(); !rest.done; rest = lines.next()) {
          if (rest.value.text !== "") throw malformed2(rest.value.line, "text after the summary row");
        }
        return summary;
      }
    };
  }
});

// cloud/merchant/bill-days.ts
function newestBillDate(now) {
  const today = beijingDate(now);
  const readyAt = beijingDayRange(today).start + BILL_READY_HOUR * 36e5;
  return addDays(today, now >= readyAt ? -1 : -2);
}
function inRerunWindow(billDate, now) {
  const today = beijingDate(now);
  return billDate <= today && billDate >= addDays(today, -RERUN_WINDOW_DAYS);
}
function retryDelay2(day) {
  if (day.status === "not-ready") return NOT_READY_RETRY_MS;
  if (day.status === "failed") return Math.min(FAILED_RETRY_MAX_MS, FAILED_RETRY_MS * 2 ** Math.max(0, (day.failures ?? 1) - 1));
  return void 0;
}
function daysDue(now, known) {
  const newest = newestBillDate(now);
  const byDate = new Map(known.map((day) => [day.billDate, day]));
  const due = [];
  for (let back = TIMER_WINDOW_DAYS - 1; back >= 0; back--) {
    const date = addDays(newest, -back);
    const day = byDate.get(date);
    if (!day) {
      due.push(date);
      continue;
    }
    if (day.leaseUntil > now) continue;
    const wait = retryDelay2(day);
    if (wait !== void 0 && day.ranAt + wait <= now) due.push(date);
  }
  return due;
}
function timerWindow(now) {
  const newest = newestBillDate(now);
  return Array.from({ length: TIMER_WINDOW_DAYS }, (_, i) => addDays(newest, i - TIMER_WINDOW_DAYS + 1));
}
var BILL_READY_HOUR, RERUN_WINDOW_DAYS, TIMER_WINDOW_DAYS, NOT_READY_RETRY_MS, FAILED_RETRY_MS, FAILED_RETRY_MAX_MS;
var init_bill_days = __esm({
  "cloud/merchant/bill-days.ts"() {
    "use strict";
    init_beijing_time();
    BILL_READY_HOUR = 10;
    RERUN_WINDOW_DAYS = 90;
    TIMER_WINDOW_DAYS = 7;
    NOT_READY_RETRY_MS = 30 * 6e4;
    FAILED_RETRY_MS = 30 * 6e4;
    FAILED_RETRY_MAX_MS = 12 * 36e5;
  }
});

// cloud/merchant/bill-match.ts
function paymentRef(row, order) {
  return { outTradeNo: row.outTradeNo, ...row.transactionId ? { transactionId: row.transactionId } : {}, ...order ? { orderId: order._id } : {} };
}
function refundRef(row, refund, orderId) {
  return {
    outTradeNo: row.outTradeNo,
    outRefundNo: row.outRefundNo,
    ...row.transactionId ? { transactionId: row.transactionId } : {},
    ...refund ? { orderId: refund.orderId, refundId: refund._id } : orderId ? { orderId } : {}
  };
}
function matchPaymentRow(row, order) {
  const key = `T-${row.outTradeNo}`;
  if (!order) {
    return {
      side: "payment",
      ours: 0,
      findings: [{ kind: "unknown-trade", key, ...paymentRef(row), theirs: row.total, note: `账单中有一笔 ${yuanText(row.total)} 元的支付，本地没有订单使用这个商户订单号` }]
    };
  }
  const paid = PAID_STATUSES.includes(order.status);
  const duplicate = order.duplicates?.[row.outTradeNo];
  const ours = duplicate?.amount ?? order.amount;
  const findings = [];
  if (row.total !== ours) {
    findings.push({
      kind: "amount-mismatch",
      key,
      ...paymentRef(row, order),
      ours,
      theirs: row.total,
      note: `订单金额不一致：本地 ${yuanText(ours)} 元，账单 ${yuanText(row.total)} 元`
    });
  }
  if (paid && (order.outTradeNo === row.outTradeNo || duplicate)) return { side: "payment", ours, findings };
  const finding = {
    kind: "paid-missing-here",
    key,
    ...paymentRef(row, order),
    ours: 0,
    theirs: row.total,
    note: "微信支付已收款，本地订单未记为已支付"
  };
  return { side: "payment", ours, findings, application: { kind: "payment", outTradeNo: row.outTradeNo, orderId: order._id, finding } };
}
function matchRefundRow(row, refund, order) {
  const key = `R-${row.outRefundNo}`;
  const theirs = row.appliedRefund;
  if (!refund || refund.outTradeNo !== row.outTradeNo) {
    if (!order) {
      return {
        side: "refund",
        ours: 0,
        findings: [{ kind: "unknown-trade", key, ...refundRef(row), theirs, note: `账单中有一笔 ${yuanText(theirs)} 元的退款，其商户订单号不属于本地任何订单` }]
      };
    }
    return {
      side: "refund",
      ours: 0,
      findings: [
        {
          kind: "refund-missing-here",
          key,
          ...refundRef(row, void 0, order._id),
          theirs,
          note: `微信支付有这笔 ${yuanText(theirs)} 元的退款，本地没有它的退款记录（例如在商户平台直接发起的退款）：未改动订单，请核实`
        }
      ]
    };
  }
  const findings = [];
  if (theirs !== refund.amount) {
    findings.push({
      kind: "amount-mismatch",
      key,
      ...refundRef(row, refund),
      ours: refund.amount,
      theirs,
      note: `退款金额不一致：本地 ${yuanText(refund.amount)} 元，账单 ${yuanText(theirs)} 元`
    });
  }
  if (row.refundStatus !== "SUCCESS" || refund.status === "SUCCESS") return { side: "refund", ours: refund.amount, findings };
  if (!REFUND_OPEN_HERE.includes(refund.status)) {
    findings.push({
      kind: "refund-missing-here",
      key,
      ...refundRef(row, refund),
      ours: 0,
      theirs,
      note: `微信支付显示退款成功，本地退款为 ${refund.status}（金额已退回可退余额）：未改动，请核实`
    });
    return { side: "refund", ours: 0, findings };
  }
  const finding = { kind: "refund-missing-here", key, ...refundRef(row, refund), ours: 0, theirs, note: "微信支付已退款，本地退款未记为成功" };
  return { side: "refund", ours: refund.amount, findings, application: { kind: "refund", outRefundNo: row.outRefundNo, refundId: refund._id, finding } };
}
function matchRow(row, order, refund) {
  if (row.tradeState === "SUCCESS") return matchPaymentRow(row, order);
  if (row.tradeState === "REFUND") return matchRefundRow(row, refund, order);
  return {
    side: "payment",
    ours: 0,
    findings: [
      {
        kind: "unknown-trade",
        key: `T-${row.outTradeNo}`,
        ...paymentRef(row, order),
        theirs: row.total,
        note: `账单中的交易状态 ${row.tradeState.slice(0, 16)} 不在本系统下单的范围内`
      }
    ]
  };
}
function missingPayment(order) {
  return {
    kind: "missing-at-wechat",
    key: `T-${order.outTradeNo}`,
    outTradeNo: order.outTradeNo,
    ...order.transactionId ? { transactionId: order.transactionId } : {},
    orderId: order._id,
    ours: order.amount,
    note: `本地订单已支付 ${yuanText(order.amount)} 元，账单中没有这笔支付`
  };
}
function missingRefund(refund) {
  return {
    kind: "missing-at-wechat",
    key: `R-${refund.outRefundNo ?? refund._id}`,
    outTradeNo: refund.outTradeNo,
    ...refund.outRefundNo ? { outRefundNo: refund.outRefundNo } : {},
    orderId: refund.orderId,
    refundId: refund._id,
    ours: refund.amount,
    note: `本地退款成功 ${yuanText(refund.amount)} 元，账单中没有这笔退款`
  };
}
function emptySums() {
  return { count: 0, settlementTotal: 0, refund: 0, rechargeCouponRefund: 0, fee: 0, total: 0, appliedRefund: 0 };
}
function addRow(sums, row) {
  sums.count++;
  sums.settlementTotal += row.settlementTotal;
  sums.refund += row.refund;
  sums.rechargeCouponRefund += row.rechargeCouponRefund;
  sums.fee += row.fee;
  sums.total += row.total;
  sums.appliedRefund += row.appliedRefund;
}
function amountText(field, value) {
  if (field === "count") return `${value} 笔`;
  return field === "fee" ? `${feeText(value)} 元` : `${yuanText(value)} 元`;
}
function checkSummaryAgainstRows(summary, sums) {
  const findings = [];
  for (const field of Object.keys(SUMMARY_LABELS)) {
    if (summary[field] === sums[field]) continue;
    const label = SUMMARY_LABELS[field];
    findings.push({
      kind: "totals-mismatch",
      key: `rows-${field}`,
      column: label,
      // Counts and fees are not fen: they go into the note only.
      ...field === "count" || field === "fee" ? {} : { ours: sums[field], theirs: summary[field] },
      note: `账单汇总行的${label}（${amountText(field, summary[field])}）与明细合计（${amountText(field, sums[field])}）不一致`
    });
  }
  return findings;
}
function checkSummaryAgainstOurs(summary, ours) {
  const findings = [];
  const pairs = [
    ["total", ours.total, "本地当日支付合计"],
    ["appliedRefund", ours.refund, "本地当日退款合计"]
  ];
  for (const [field, value, what] of pairs) {
    if (summary[field] === value) continue;
    const label = SUMMARY_LABELS[field];
    findings.push({
      kind: "totals-mismatch",
      key: `ours-${field}`,
      column: label,
      ours: value,
      theirs: summary[field],
      note: `账单${label} ${yuanText(summary[field])} 元，${what} ${yuanText(value)} 元`
    });
  }
  return findings;
}
var MATCH_ORDER_FIELDS, MATCH_REFUND_FIELDS, REFUND_OPEN_HERE, SUMMARY_LABELS;
var init_bill_match = __esm({
  "cloud/merchant/bill-match.ts"() {
    "use strict";
    init_orders();
    init_bill_csv();
    MATCH_ORDER_FIELDS = { _id: true, outTradeNo: true, tradeNos: true, status: true, amount: true, duplicates: true };
    MATCH_REFUND_FIELDS = { _id: true, outRefundNo: true, outTradeNo: true, orderId: true, status: true, amount: true };
    REFUND_OPEN_HERE = ["APPROVED", "PROCESSING", "ABNORMAL"];
    SUMMARY_LABELS = {
      count: "总交易单数",
      settlementTotal: "应结订单总金额",
      refund: "退款总金额",
      rechargeCouponRefund: "充值券退款总金额",
      fee: "手续费总金额",
      total: "订单总金额",
      appliedRefund: "申请退款总金额"
    };
  }
});

// cloud/merchant/reconciliation-records.ts
function reconciliationsOf(db) {
  return db.collection(RECONCILIATIONS);
}
function discrepanciesOf(db) {
  return db.collection(BILL_DISCREPANCIES);
}
function toDayView(day, now) {
  const view3 = {
    billDate: day.billDate,
    status: day.status,
    rows: day.rows,
    matched: day.matched,
    applied: day.applied,
    discrepancies: day.discrepancies,
    ranAt: day.ranAt
  };
  if (day.error) view3.error = day.error;
  if (day.leaseUntil > now) view3.running = true;
  return view3;
}
function toDiscrepancyView(record) {
  const view3 = { id: record._id, kind: record.kind, action: record.action, note: record.note };
  for (const key of ["outTradeNo", "outRefundNo", "transactionId", "orderId"]) if (record[key]) view3[key] = record[key];
  if (record.ours !== void 0) view3.ours = record.ours;
  if (record.theirs !== void 0) view3.theirs = record.theirs;
  return view3;
}
async function listDays(db, page, pageSize) {
  const { data } = await reconciliationsOf(db).orderBy("billDate", "desc").skip((page - 1) * pageSize).limit(pageSize + 1).get();
  return { days: data.slice(0, pageSize), hasMore: data.length > pageSize };
}
async function findDay(db, billDate) {
  const { data } = await reconciliationsOf(db).doc(billDate).get();
  return data[0];
}
async function discrepanciesOfDay(db, billDate, page, pageSize) {
  const { data } = await discrepanciesOf(db).where({ billDate }).orderBy("detectedAt", "asc").orderBy("_id", "asc").skip((page - 1) * pageSize).limit(pageSize + 1).get();
  return { discrepancies: data.slice(0, pageSize), hasMore: data.length > pageSize };
}
var RECONCILIATIONS, BILL_DISCREPANCIES;
var init_reconciliation_records = __esm({
  "cloud/merchant/reconciliation-records.ts"() {
    "use strict";
    init_collections();
    RECONCILIATIONS = COLLECTIONS.reconciliations;
    BILL_DISCREPANCIES = COLLECTIONS.billDiscrepancies;
  }
});

// cloud/merchant/trade-bill.ts
function sha1Hex(bytes) {
  return (0, import_node_crypto11.createHash)("sha1").update(bytes).digest("hex");
}
function isGzip(bytes) {
  return bytes.length >= 2 && bytes[0] === 31 && bytes[1] === 139;
}
function uncompressBill(bytes) {
  if (!isGzip(bytes)) return bytes;
  try {
    const raw = (0, import_node_zlib.gunzipSync)(bytes, { maxOutputLength: BILL_MAX_BYTES });
    return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  } catch {
    throw new CloudError("BILL_MALFORMED", "the trade bill does not gunzip (or is larger than the kit reads)");
  }
}
function verifiedBillText(raw, hashType, hashValue) {
  if (hashType.toUpperCase() !== "SHA1") throw new CloudError("BILL_HASH_UNSUPPORTED", "the trade bill comes with a hash type the kit does not check");
  if (sha1Hex(raw) !== hashValue.toLowerCase()) throw new CloudError("BILL_HASH_MISMATCH", "the trade bill does not match the hash WeChat Pay signed");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw new CloudError("BILL_MALFORMED", "the trade bill is not UTF-8");
  }
}
async function fetchTradeBill(gateway, billDate) {
  let info;
  try {
    info = await gateway.applyTradeBill({ bill_date: billDate, bill_type: "ALL", tar_type: "GZIP" });
  } catch (error) {
    if (isWxpayError(error, "UPSTREAM_ERROR") && error.wechatCode === "STATEMENT_CREATING") return { status: "not-ready" };
    if (isWxpayError(error, "UPSTREAM_ERROR") && error.wechatCode === "NO_STATEMENT_EXIST") return { status: "no-bill" };
    throw error;
  }
  const compressed = await gateway.downloadBill(info.download_url);
  const raw = uncompressBill(compressed);
  const text = verifiedBillText(raw, info.hash_type, info.hash_value);
  return { status: "ready", text, hashValue: info.hash_value.toLowerCase(), compressedBytes: compressed.length, bytes: raw.length };
}
var import_node_crypto11, import_node_zlib, BILL_MAX_BYTES;
var init_trade_bill = __esm({
  "cloud/merchant/trade-bill.ts"() {
    "use strict";
    import_node_crypto11 = require("node:crypto");
    import_node_zlib = require("node:zlib");
    init_errors();
    init_errors4();
    BILL_MAX_BYTES = 64 * 1024 * 1024;
  }
});

// cloud/merchant/bill-reconcile.ts
function failureCode(error) {
  if (error instanceof CloudError) return error.code;
  if (isWxpayError(error)) return error.wechatCode ? `WXPAY_${error.wechatCode}` : `WXPAY_${error.code}`;
  return "INTERNAL_ERROR";
}
function isTransient(error) {
  if (error instanceof PaymentMatchError) return false;
  if (isWxpayError(error, "UPSTREAM_ERROR")) return (error.status ?? 500) >= 500 || error.status === 429;
  return true;
}
async function eachLimited(items, limit, work) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
async function claimDay(deps, billDate, owner, by, leaseMs) {
  const now = deps.env.now();
  const days = reconciliationsOf(deps.db);
  const { doc } = await days.where({ _id: billDate, leaseUntil: commands(deps.db).lt(now) }).updateAndReturn({ leaseUntil: now + leaseMs, leaseOwner: owner, updatedAt: now });
  if (doc) return doc;
  const fresh = {
    _id: billDate,
    billDate,
    status: "failed",
    error: "INTERRUPTED",
    rows: 0,
    matched: 0,
    applied: 0,
    discrepancies: 0,
    ranAt: 0,
    runs: 0,
    failures: 0,
    by,
    leaseUntil: now + leaseMs,
    leaseOwner: owner,
    createdAt: now,
    updatedAt: now
  };
  try {
    await days.add(fresh);
    return fresh;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  throw new CloudError("RECONCILIATION_BUSY", "this day is being reconciled right now");
}
async function ordersByTrade(db, tradeNos) {
  const byTrade = /* @__PURE__ */ new Map();
  if (tradeNos.length === 0) return byTrade;
  const { data } = await ordersOf2(db).where({ tradeNos: commands(db).in(tradeNos) }).field(MATCH_ORDER_FIELDS).limit(PAGE).get();
  for (const order of data) for (const no of order.tradeNos ?? [order.outTradeNo]) byTrade.set(no, order);
  return byTrade;
}
async function refundsByNumber(db, refundNos) {
  const byNumber = /* @__PURE__ */ new Map();
  if (refundNos.length === 0) return byNumber;
  const { data } = await refundsOf(db).where({ outRefundNo: commands(db).in(refundNos) }).field(MATCH_REFUND_FIELDS).limit(PAGE).get();
  for (const refund of data) if (refund.outRefundNo) byNumber.set(refund.outRefundNo, refund);
  return byNumber;
}
async function applyPayment(deps, outTradeNo) {
  let tx;
  try {
    tx = await deps.gateway.queryOrderByOutTradeNo(outTradeNo);
  } catch (error) {
    return { applied: false, transient: isTransient(error), note: `向微信支付查询该订单失败（${failureCode(error)}），未入账` };
  }
  if (tx.trade_state !== "SUCCESS" && tx.trade_state !== "REFUND") {
    return { applied: false, transient: false, note: `微信支付的订单查询结果为 ${String(tx.trade_state).slice(0, 16)}，未入账，请核实` };
  }
  try {
    const { order } = await applyTransaction(deps, tx, "bill");
    return paymentOutcome(order, outTradeNo);
  } catch (error) {
    if (error instanceof PaymentMatchError) {
      return { applied: false, transient: false, note: `微信支付的订单查询结果与本地订单不一致（${error.fields.join("、") || "订单"}），未入账` };
    }
    deps.log.warn(`[merchant] applying trade ${outTradeNo} from the bill failed after the query: ${errorLabel(error)}`);
    const order = await findOrderByOutTradeNo(deps.db, outTradeNo);
    if (order) {
      const outcome = paymentOutcome(order, outTradeNo);
      if (outcome.applied) return { applied: true, note: `${outcome.note}；履约未完成，定时任务会重试` };
    }
    return { applied: false, transient: true, note: `入账未完成（${failureCode(error)}），下次对账再试` };
  }
}
function paymentOutcome(order, outTradeNo) {
  if (order.duplicates?.[outTradeNo]) return { applied: true, note: "订单已由另一笔交易支付，这笔已记为重复支付并自动全额退款" };
  if (PAID_STATUSES.includes(order.status) && order.outTradeNo === outTradeNo) return { applied: true, note: "已按微信支付的订单查询结果入账" };
  return { applied: false, transient: true, note: "入账未完成，下次对账再试" };
}
async function applyRefundFromBill(deps, outRefundNo) {
  let answer;
  try {
    answer = await deps.gateway.queryRefund(outRefundNo);
  } catch (error) {
    return { applied: false, transient: isTransient(error), note: `向微信支付查询该退款失败（${failureCode(error)}），未改动` };
  }
  try {
    const refund = await applyRefund(deps, refundReportOf(answer), "bill");
    if (refund.status === "SUCCESS") return { applied: true, note: "已按微信支付的退款查询结果记为退款成功" };
    return { applied: false, transient: false, note: `微信支付的退款查询结果为 ${String(answer.status).slice(0, 16)}，本地退款为 ${refund.status}，请核实` };
  } catch (error) {
    if (error instanceof PaymentMatchError) {
      return { applied: false, transient: false, note: `微信支付的退款查询结果与本地退款不一致（${error.fields.join("、") || "退款"}），未改动` };
    }
    return { applied: false, transient: true, note: `退款记账未完成（${failureCode(error)}），下次对账再试` };
  }
}
async function decide(deps, application, outOfTime, state) {
  const { finding } = application;
  if (outOfTime()) {
    state.error ??= "TIME_BUDGET";
    state.findings.push({ ...finding, action: "recorded", note: `${finding.note}：本次对账时间用尽，下次对账继续处理` });
    return false;
  }
  const outcome = application.kind === "payment" ? await applyPayment(deps, application.outTradeNo) : await applyRefundFromBill(deps, application.outRefundNo);
  if (!outcome.applied && outcome.transient) state.error ??= "WXPAY_UNAVAILABLE";
  state.findings.push({ ...finding, action: outcome.applied ? "applied" : "recorded", note: `${finding.note}：${outcome.note}` });
  if (outcome.applied) deps.log.info(`[merchant] ${application.kind === "payment" ? `trade ${application.outTradeNo}` : `refund ${application.refundId}`} applied from the trade bill`);
  return outcome.applied;
}
async function reconcileBatch(deps, rows, state, seen, options, outOfTime) {
  const tradeNos = [...new Set(rows.map((row) => row.outTradeNo).filter(Boolean))];
  const refundNos = [...new Set(rows.filter((row) => row.tradeState === "REFUND" && row.outRefundNo).map((row) => row.outRefundNo))];
  const [orders, refunds] = await Promise.all([ordersByTrade(deps.db, tradeNos), refundsByNumber(deps.db, refundNos)]);
  const pending = [];
  for (const row of rows) {
    if (row.tradeState === "REFUND") seen.refunds.add(row.outRefundNo);
    else seen.trades.add(row.outTradeNo);
    const match = matchRow(row, orders.get(row.outTradeNo), row.outRefundNo ? refunds.get(row.outRefundNo) : void 0);
    for (const finding of match.findings) state.findings.push({ ...finding, action: "recorded" });
    if (match.application) {
      pending.push({ application: match.application, ours: match.ours, side: match.side, clean: match.findings.length === 0 });
      continue;
    }
    if (match.findings.length === 0) state.matched++;
    addOurs(state.ours, match.side, match.ours);
  }
  await eachLimited(pending, options.concurrency, async ({ application, ours, side, clean }) => {
    const applied = await decide(deps, application, outOfTime, state);
    if (!applied) return;
    if (clean) state.matched++;
    addOurs(state.ours, side, ours);
  });
}
function addOurs(ours, side, amount) {
  if (amount === 0) return;
  ours.count++;
  if (side === "payment") ours.total += amount;
  else ours.refund += amount;
}
async function ordersMissingFromBill(deps, billDate, seen, state) {
  const { start, end } = beijingDayRange(billDate);
  for (let page = 0; ; page++) {
    const { data } = await ordersOf2(deps.db).where({ paidAt: inRange(deps.db, start, end) }).field({ _id: true, outTradeNo: true, transactionId: true, amount: true, status: true }).orderBy("paidAt", "asc").orderBy("_id", "asc").skip(page * PAGE).limit(PAGE).get();
    for (const order of data) {
      if (!PAID_STATUSES.includes(order.status) || seen.has(order.outTradeNo)) continue;
      state.findings.push({ ...missingPayment(order), action: "recorded" });
      addOurs(state.ours, "payment", order.amount);
    }
    if (data.length < PAGE) return;
  }
}
async function refundsMissingFromBill(deps, billDate, seen, state) {
  const { start, end } = beijingDayRange(billDate);
  const candidates = [];
  for (let page = 0; ; page++) {
    const { data } = await refundsOf(deps.db).where({ status: "SUCCESS", submittedAt: inRange(deps.db, start, end) }).orderBy("submittedAt", "asc").orderBy("_id", "asc").skip(page * PAGE).limit(PAGE).get();
    for (const refund of data) if (refund.outRefundNo && !seen.has(refund.outRefundNo)) candidates.push(refund);
    if (data.length < PAGE) break;
  }
  for (const refund of candidates) {
    let createdOn;
    try {
      const answer = await deps.gateway.queryRefund(refund.outRefundNo);
      const created = parseWechatTime(answer.create_time);
      createdOn = created === void 0 ? billDate : beijingDate(created);
    } catch (error) {
      deps.log.warn(`[merchant] refund ${refund._id} not in the bill of ${billDate}; asking WeChat Pay failed: ${errorLabel(error)}`);
      state.error ??= "WXPAY_UNAVAILABLE";
      continue;
    }
    if (createdOn !== billDate) continue;
    state.findings.push({ ...missingRefund(refund), action: "recorded" });
    addOurs(state.ours, "refund", refund.amount);
  }
}
function discrepancyId(billDate, finding) {
  return `${billDate}:${finding.kind}:${finding.key}`;
}
function toRecord(billDate, finding, now) {
  const { key: _key, action, note, ...facts } = finding;
  const record = { _id: discrepancyId(billDate, finding), billDate, kind: finding.kind, action, note: note.slice(0, 300), detectedAt: now, updatedAt: now };
  for (const field of ["outTradeNo", "outRefundNo", "transactionId", "orderId", "refundId", "column"]) if (facts[field]) record[field] = facts[field];
  if (facts.ours !== void 0) record.ours = facts.ours;
  if (facts.theirs !== void 0) record.theirs = facts.theirs;
  return record;
}
async function recordFindings(deps, billDate, findings) {
  const existing = /* @__PURE__ */ new Map();
  for (let page = 0; ; page++) {
    const { data } = await discrepanciesOf(deps.db).where({ billDate }).orderBy("_id", "asc").skip(page * PAGE).limit(PAGE).get();
    for (const record of data) existing.set(record._id, record);
    if (data.length < PAGE) break;
  }
  const now = deps.env.now();
  const fresh = /* @__PURE__ */ new Map();
  const changed = [];
  for (const finding of findings) {
    const record = toRecord(billDate, finding, now);
    const before = existing.get(record._id) ?? fresh.get(record._id);
    if (!before) {
      fresh.set(record._id, record);
      continue;
    }
    if (before.action === "applied") continue;
    if (record.action === "applied" || record.note !== before.note || record.ours !== before.ours || record.theirs !== before.theirs) {
      const updated = { ...before, action: record.action, note: record.note, updatedAt: now, ...record.ours !== void 0 ? { ours: record.ours } : {}, ...record.theirs !== void 0 ? { theirs: record.theirs } : {} };
      if (fresh.has(record._id)) fresh.set(record._id, updated);
      else changed.push(updated);
    }
  }
  const inserts = [...fresh.values()];
  for (let i = 0; i < inserts.length; i += 500) {
    const chunk = inserts.slice(i, i + 500);
    try {
      await discrepanciesOf(deps.db).add(chunk);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      for (const record of chunk) await discrepanciesOf(deps.db).add(record).catch((e) => {
        if (!isDuplicateKeyError(e)) throw e;
      });
    }
  }
  await eachLimited(changed, 8, async (record) => {
    await discrepanciesOf(deps.db).where({ _id: record._id, action: "recorded" }).update({ action: record.action, note: record.note, updatedAt: now, ...record.ours !== void 0 ? { ours: record.ours } : {}, ...record.theirs !== void 0 ? { theirs: record.theirs } : {} });
    existing.set(record._id, record);
  });
  for (const record of inserts) existing.set(record._id, record);
  let applied = 0;
  for (const record of existing.values()) if (record.action === "applied") applied++;
  return { discrepancies: existing.size, applied };
}
function summaryTotals(summary) {
  return { count: summary.count, total: summary.total, refund: summary.appliedRefund, fee: summary.fee };
}
async function reconcileDay(deps, billDate, options) {
  const settings = { ...RECONCILE_DAY_DEFAULTS, ...options };
  const owner = randomId(deps.env);
  const started = deps.env.now();
  const before = await claimDay(deps, billDate, owner, options.by, settings.budgetMs + LEASE_MARGIN_MS);
  const deadline = started + settings.budgetMs;
  const outOfTime = () => deps.env.now() >= deadline;
  const state = { rows: 0, matched: 0, findings: [], ours: { count: 0, total: 0, refund: 0 } };
  let status;
  try {
    status = await run(deps, billDate, state, settings, outOfTime);
  } catch (error) {
    deps.log.error(`[merchant] reconciliation of ${billDate} failed: ${errorLabel(error)}`);
    state.error = failureCode(error);
    status = "failed";
  }
  const totals = state.findings.length > 0 || status === "matched" || status === "discrepancies" || status === "no-bill" ? await recordFindings(deps, billDate, state.findings) : { discrepancies: before.discrepancies, applied: before.applied };
  if (state.error) status = "failed";
  else if (status === "discrepancies" || status === "matched") status = totals.discrepancies > 0 ? "discrepancies" : "matched";
  const now = deps.env.now();
  const result = {
    status,
    rows: state.rows,
    matched: state.matched,
    applied: totals.applied,
    discrepancies: totals.discrepancies,
    ranAt: now,
    runs: (before.runs ?? 0) + 1,
    failures: status === "failed" ? (before.failures ?? 0) + 1 : 0,
    by: options.by,
    durationMs: Math.max(0, now - started),
    leaseUntil: 0,
    updatedAt: now
  };
  const cmd = commands(deps.db);
  const { doc } = await reconciliationsOf(deps.db).where({ _id: billDate, leaseOwner: owner }).updateAndReturn({
    ...result,
    oursTotals: cmd.set(state.ours),
    error: state.error ?? cmd.remove(),
    hashValue: state.hashValue ?? cmd.remove(),
    billTotals: state.billTotals ? cmd.set(state.billTotals) : cmd.remove()
  });
  deps.log.info(`[merchant] reconciliation of ${billDate}: ${status}${state.error ? ` (${state.error})` : ""}, ${state.rows} rows, ${state.matched} matched, ${totals.applied} applied, ${totals.discrepancies} discrepancies`);
  if (doc) return doc;
  const { error: _error, hashValue: _hash, billTotals: _totals, ...kept } = before;
  return { ...kept, ...result, oursTotals: state.ours, ...state.error ? { error: state.error } : {}, ...state.hashValue ? { hashValue: state.hashValue } : {}, ...state.billTotals ? { billTotals: state.billTotals } : {} };
}
async function run(deps, billDate, state, settings, outOfTime) {
  const fetched = await fetchTradeBill(deps.bills, billDate);
  if (fetched.status === "not-ready") return "not-ready";
  const seen = { trades: /* @__PURE__ */ new Set(), refunds: /* @__PURE__ */ new Set() };
  if (fetched.status === "no-bill") {
    await ordersMissingFromBill(deps, billDate, seen.trades, state);
    await refundsMissingFromBill(deps, billDate, seen.refunds, state);
    return "no-bill";
  }
  state.hashValue = fetched.hashValue;
  const sums = emptySums();
  const check2 = new TradeBillReader(fetched.text);
  for (const row of check2.rows()) addRow(sums, row);
  const summary = check2.summary;
  state.rows = sums.count;
  state.billTotals = summaryTotals(summary);
  let batch = [];
  for (const row of new TradeBillReader(fetched.text).rows()) {
    batch.push(row);
    if (batch.length < settings.batchSize) continue;
    if (outOfTime()) {
      state.error ??= "TIME_BUDGET";
      return "failed";
    }
    await reconcileBatch(deps, batch, state, seen, settings, outOfTime);
    batch = [];
  }
  if (batch.length > 0) await reconcileBatch(deps, batch, state, seen, settings, outOfTime);
  if (outOfTime()) {
    state.error ??= "TIME_BUDGET";
    return "failed";
  }
  await ordersMissingFromBill(deps, billDate, seen.trades, state);
  await refundsMissingFromBill(deps, billDate, seen.refunds, state);
  for (const finding of checkSummaryAgainstRows(summary, sums)) state.findings.push({ ...finding, action: "recorded" });
  if (!state.error) for (const finding of checkSummaryAgainstOurs(summary, state.ours)) state.findings.push({ ...finding, action: "recorded" });
  return "discrepancies";
}
async function reconcileDueDays(deps, now, options = {}) {
  const window = timerWindow(now);
  const { data } = await reconciliationsOf(deps.db).where({ billDate: commands(deps.db).in(window) }).field({ billDate: true, status: true, failures: true, ranAt: true, leaseUntil: true }).limit(window.length).get();
  const due = daysDue(now, data);
  const summary = { due: due.length, days: [] };
  const deadline = deps.env.now() + (options.budgetMs ?? RECONCILE_DAY_DEFAULTS.budgetMs);
  for (const billDate of due) {
    const budgetMs = deadline - deps.env.now();
    if (budgetMs < 5e3) break;
    try {
      const day = await reconcileDay(deps, billDate, { by: "timer", budgetMs });
      summary.days.push({ billDate, status: day.status, ...day.error ? { error: day.error } : {} });
    } catch (error) {
      if (error instanceof CloudError && error.code === "RECONCILIATION_BUSY") {
        summary.days.push({ billDate, status: "busy" });
        continue;
      }
      throw error;
    }
  }
  return summary;
}
var RECONCILE_DAY_DEFAULTS, LEASE_MARGIN_MS, PAGE;
var init_bill_reconcile = __esm({
  "cloud/merchant/bill-reconcile.ts"() {
    "use strict";
    init_database();
    init_db_commands();
    init_errors();
    init_error_label();
    init_env();
    init_errors4();
    init_match_error();
    init_orders();
    init_payments();
    init_refund_records();
    init_refunds();
    init_trade_numbers();
    init_bill_csv();
    init_beijing_time();
    init_bill_days();
    init_bill_match();
    init_reconciliation_records();
    init_trade_bill();
    RECONCILE_DAY_DEFAULTS = { budgetMs: 4e4, batchSize: 500, concurrency: 4 };
    LEASE_MARGIN_MS = 2e4;
    PAGE = 1e3;
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

// cloud/merchant/console-orders.ts
function searchKindsFor(q) {
  const kinds = [];
  if (ORDER_ID.test(q)) kinds.push("orderId", "userId");
  else if (TRADE_NUMBER.test(q)) kinds.push("outTradeNo", "transactionId");
  kinds.push("nickname");
  return kinds;
}
function dayOf(date, field) {
  if (!isCalendarDate(date)) throw new CloudError("PARAM_INVALID", `invalid parameter: ${field}`, { fields: [{ field, reason: "wrong format" }] });
  return beijingDayRange(date);
}
function filterWhere(db, filters) {
  const cmd = commands(db);
  const where = {};
  if (filters.status) where.status = filters.status;
  if (filters.channel) where.channel = filters.channel;
  const from = filters.from !== void 0 ? dayOf(filters.from, "from").start : void 0;
  const to = filters.to !== void 0 ? dayOf(filters.to, "to").end : void 0;
  if (from !== void 0 && to !== void 0) where.createdAt = cmd.gte(from).and(cmd.lt(to));
  else if (from !== void 0) where.createdAt = cmd.gte(from);
  else if (to !== void 0) where.createdAt = cmd.lt(to);
  return where;
}
function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
async function usersByNickname(db, prefix) {
  const { data } = await db.collection(USERS).where({ nickname: db.RegExp({ regex: `^${escapeRegex(prefix)}` }) }).field({ _id: true, linkedUserId: true }).limit(NICKNAME_MATCH_LIMIT).get();
  return [...new Set(data.map((u) => u.linkedUserId ?? u._id))];
}
async function searchConditionFor(db, kind, q) {
  switch (kind) {
    case "orderId":
      return { _id: q };
    case "outTradeNo":
      return { tradeNos: q };
    case "transactionId":
      return { transactionId: q };
    case "userId":
      return { userId: q };
    case "nickname": {
      const ids = await usersByNickname(db, q);
      return ids.length ? { userId: ids.length === 1 ? ids[0] : commands(db).in(ids) } : void 0;
    }
  }
}
async function pageOf(db, where, page) {
  const { data } = await ordersOf2(db).where(where).orderBy("createdAt", "desc").skip((page - 1) * CONSOLE_PAGE_SIZE).limit(CONSOLE_PAGE_SIZE + 1).get();
  return { orders: data.slice(0, CONSOLE_PAGE_SIZE), hasMore: data.length > CONSOLE_PAGE_SIZE };
}
async function nicknamesOf(db, userIds) {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return /* @__PURE__ */ new Map();
  const { data } = await db.collection(USERS).where({ _id: ids.length === 1 ? ids[0] : commands(db).in(ids) }).field({ _id: true, nickname: true }).limit(ids.length).get();
  return new Map(data.map((u) => [u._id, u.nickname ?? ""]));
}
function toConsoleRow(order, nicknames) {
  const row = {
    orderId: order._id,
    outTradeNo: order.outTradeNo,
    description: order.description,
    status: order.status,
    channel: order.channel,
    amount: order.amount,
    refunded: order.refunded ?? 0,
    refundable: PAID_STATUSES.includes(order.status) ? order.refundable ?? 0 : 0,
    createdAt: order.createdAt,
    buyer: { userId: order.userId, nickname: nicknames.get(order.userId) ?? "" },
    fulfilment: order.fulfilment?.status ?? "none",
    refundRequestOpen: !!order.refundRequestOpen
  };
  if (order.transactionId) row.transactionId = order.transactionId;
  if (order.paidAt !== void 0) row.paidAt = order.paidAt;
  const shipping = liveShipping(order);
  if (shipping) row.shipping = { status: shipping.status, upload: shipping.upload.state };
  return row;
}
async function findConsoleOrders(db, filters, page) {
  const base = filterWhere(db, filters);
  const q = filters.q?.trim();
  if (!q) return pageOf(db, base, page);
  for (const kind of filters.by ? [filters.by] : searchKindsFor(q)) {
    const condition = await searchConditionFor(db, kind, q);
    if (!condition) continue;
    const found = await pageOf(db, { ...base, ...condition }, page);
    if (found.orders.length || filters.by) return { ...found, matchedBy: kind };
  }
  return { orders: [], hasMore: false };
}
async function listConsoleOrders(db, filters, page) {
  const found = await findConsoleOrders(db, filters, page);
  const nicknames = await nicknamesOf(
    db,
    found.orders.map((o) => o.userId)
  );
  const answer = { orders: found.orders.map((o) => toConsoleRow(o, nicknames)), hasMore: found.hasMore };
  if (found.matchedBy) answer.matchedBy = found.matchedBy;
  return answer;
}
function actionsOf(order, now) {
  const fulfilment = order.fulfilment ?? { status: "none", leaseUntil: 0, attempts: 0 };
  const shipping = order.shipping;
  const upload = shipping?.upload;
  const uploadFree = !upload || upload.leaseUntil < now;
  return {
    close: order.status === "NOTPAY",
    refund: REFUNDABLE_STATUSES.includes(order.status) && (order.refundable ?? 0) > 0 && (order.refundCount ?? 0) < MAX_REFUNDS_PER_ORDER && order.paidAt !== void 0 && now - order.paidAt < REFUND_WINDOW_MS,
    retryFulfilment: PAID_STATUSES.includes(order.status) && fulfilment.status === "pending" && fulfilment.leaseUntil < now,
    enterShipment: order.channel === "miniprogram" && fulfilment.status === "done" && order.status !== "REFUNDED" && shipping?.status !== "completed" && upload?.state !== "not-required" && !(upload?.uploadedAt !== void 0 && upload.corrections >= MAX_CORRECTIONS) && uploadFree,
    retryShipping: (upload?.state === "failed" || upload?.state === "pending") && uploadFree
  };
}
async function consoleOrderDetail(db, orderId, now) {
  const order = await readOrder2(db, orderId);
  const [refunds, nicknames] = await Promise.all([
    refundsOf(db).where({ orderId }).orderBy("requestedAt", "desc").limit(MAX_REFUNDS_PER_ORDER * 2).get(),
    nicknamesOf(db, [order.userId])
  ]);
  const fulfilment = order.fulfilment ?? { status: "none", attempts: 0, leaseUntil: 0 };
  const detail = {
    orderId: order._id,
    outTradeNo: order.outTradeNo,
    description: order.description,
    status: order.status,
    channel: order.channel,
    items: order.items.map(({ productId, name, price, quantity, delivery }) => ({ productId, name, price, quantity, ...delivery ? { delivery } : {} })),
    amount: order.amount,
    refunded: order.refunded ?? 0,
    refundable: PAID_STATUSES.includes(order.status) ? order.refundable ?? 0 : 0,
    refundCount: order.refundCount ?? 0,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    buyer: { userId: order.userId, nickname: nicknames.get(order.userId) ?? "" },
    trades: Object.values(order.trades ?? {}).sort((a, b) => a.createdAt - b.createdAt).map((trade) => ({
      outTradeNo: trade.outTradeNo,
      channel: trade.channel,
      state: trade.state,
      createdAt: trade.createdAt,
      ...trade.closedAt !== void 0 ? { closedAt: trade.closedAt } : {},
      ...trade.verified !== void 0 ? { verified: trade.verified } : {},
      ...trade.transactionId ? { transactionId: trade.transactionId } : {},
      current: trade.outTradeNo === order.outTradeNo
    })),
    history: order.history ?? [],
    refunds: refunds.data.map(merchantRefundView),
    duplicates: Object.values(order.duplicates ?? {}).sort((a, b) => a.detectedAt - b.detectedAt),
    fulfilment: {
      status: fulfilment.status,
      attempts: fulfilment.attempts ?? 0,
      ...fulfilment.lastError ? { lastError: fulfilment.lastError } : {},
      ...fulfilment.doneAt !== void 0 ? { doneAt: fulfilment.doneAt } : {},
      running: fulfilment.status === "pending" && fulfilment.leaseUntil >= now
    },
    actions: actionsOf(order, now)
  };
  if (order.status === "NOTPAY") detail.payableUntil = order.timeExpire;
  if (order.paidAt !== void 0) {
    detail.payment = { paidAt: order.paidAt, outTradeNo: order.outTradeNo, ...order.transactionId ? { transactionId: order.transactionId } : {} };
  }
  if (order.closedAt !== void 0) detail.closedAt = order.closedAt;
  if (order.closeReason) detail.closeReason = order.closeReason;
  const shipping = liveShipping(order);
  if (shipping) detail.shipping = merchantShippingView(shipping);
  return detail;
}
var CONSOLE_PAGE_SIZE, NICKNAME_MATCH_LIMIT, SEARCH_KINDS, ORDER_ID, TRADE_NUMBER;
var init_console_orders = __esm({
  "cloud/merchant/console-orders.ts"() {
    "use strict";
    init_errors();
    init_db_commands();
    init_users();
    init_orders();
    init_refund_records();
    init_refunds();
    init_shipping();
    init_beijing_time();
    init_refund_view();
    CONSOLE_PAGE_SIZE = 20;
    NICKNAME_MATCH_LIMIT = 50;
    SEARCH_KINDS = ["orderId", "outTradeNo", "transactionId", "userId", "nickname"];
    ORDER_ID = /^[0-9a-f]{24}$/;
    TRADE_NUMBER = /^[0-9A-Za-z_\-|*]{6,32}$/;
  }
});

// cloud/merchant/console-overview.ts
async function readAll(query) {
  const all = [];
  for (let offset = 0; ; offset += READ_BATCH) {
    const { data } = await query().skip(offset).limit(READ_BATCH).get();
    all.push(...data);
    if (data.length < READ_BATCH) return all;
  }
}
async function consoleOverview(db, now) {
  const cmd = commands(db);
  const days = lastBeijingDays(now, OVERVIEW_DAYS);
  const from = days[0].start;
  const figures = days.map(({ date }) => ({ date, takings: 0, paidOrders: 0, refunds: 0, refunded: 0 }));
  const dayOf2 = (ms) => {
    const index = Math.floor((ms - from) / 864e5);
    return index >= 0 && index < figures.length ? figures[index] : void 0;
  };
  const [paid, settled, refundRequests, shippingFailures] = await Promise.all([
    readAll(
      () => ordersOf2(db).where({ paidAt: cmd.gte(from) }).field({ paidAt: true, amount: true }).orderBy("paidAt", "asc")
    ),
    readAll(
      () => refundsOf(db).where({ status: "SUCCESS", settledAt: cmd.gte(from) }).field({ settledAt: true, amount: true, origin: true }).orderBy("settledAt", "asc")
    ),
    refundsOf(db).where({ status: "REQUESTED" }).count(),
    ordersOf2(db).where({ "shipping.upload.state": "failed" }).count()
  ]);
  for (const order of paid) {
    const day = order.paidAt !== void 0 ? dayOf2(order.paidAt) : void 0;
    if (!day) continue;
    day.takings += order.amount;
    day.paidOrders += 1;
  }
  for (const refund of settled) {
    const day = refund.settledAt !== void 0 && refund.origin !== "duplicate" ? dayOf2(refund.settledAt) : void 0;
    if (!day) continue;
    day.refunds += 1;
    day.refunded += refund.amount;
  }
  return {
    days: figures,
    today: figures[figures.length - 1],
    waiting: { refundRequests: refundRequests.total, shippingFailures: shippingFailures.total },
    asOf: now
  };
}
var OVERVIEW_DAYS, READ_BATCH;
var init_console_overview = __esm({
  "cloud/merchant/console-overview.ts"() {
    "use strict";
    init_db_commands();
    init_orders();
    init_refund_records();
    init_beijing_time();
    OVERVIEW_DAYS = 14;
    READ_BATCH = 1e3;
  }
});

// cloud/formats/csv-writer.ts
function textOf(cell) {
  if (typeof cell === "number") return String(cell);
  if (typeof cell === "string") return FORMULA_START.test(cell) ? `'${cell}` : cell;
  if (LONG_DIGITS.test(cell.id)) return `	${cell.id}`;
  return textOf(cell.id);
}
function csvField(cell) {
  let text = textOf(cell);
  if (NEEDS_QUOTES.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}
function csvLine(cells) {
  return cells.map(csvField).join(",");
}
function renderCsv(header, rows) {
  const lines = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return new TextEncoder().encode(`${BOM}${lines.join("\r\n")}\r
`);
}
var BOM, NEEDS_QUOTES, FORMULA_START, LONG_DIGITS;
var init_csv_writer = __esm({
  "cloud/formats/csv-writer.ts"() {
    "use strict";
    BOM = "\uFEFF";
    NEEDS_QUOTES = /[",\r\n]/;
    FORMULA_START = /^[=+\-@\t\r]/;
    LONG_DIGITS = /^\d{12,}$/;
  }
});

// cloud/merchant/orders-export.ts
function yuan(fen) {
  if (!Number.isInteger(fen)) throw new TypeError("amount must be an integer number of fen");
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
function exportRow(order, nickname) {
  const shipping = liveShipping(order);
  const shipment = shipping?.shipment;
  return [
    { id: order._id },
    { id: order.outTradeNo },
    { id: order.transactionId ?? "" },
    formatBeijingDateTime(order.createdAt),
    order.paidAt !== void 0 ? formatBeijingDateTime(order.paidAt) : "",
    STATUS_LABELS[order.status] ?? order.status,
    CHANNEL_LABELS[order.channel] ?? order.channel,
    order.items.map((item) => `${item.name || item.productId} × ${item.quantity}`).join("；"),
    yuan(order.amount),
    yuan(order.refunded ?? 0),
    { id: order.userId },
    nickname,
    shipping ? SHIPPING_LABELS[shipping.status] : "",
    shipment?.expressCompanyName ?? "",
    { id: shipment?.trackingNo ?? "" }
  ];
}
function exportFileName(now) {
  const stamp = beijingStamp(now);
  return `orders-${stamp.slice(0, 8)}-${stamp.slice(8)}.csv`;
}
async function exportWhere(db, filters) {
  const base = filterWhere(db, filters);
  const q = filters.q?.trim();
  if (!q) return base;
  for (const kind of filters.by ? [filters.by] : searchKindsFor(q)) {
    const condition = await searchConditionFor(db, kind, q);
    if (!condition) continue;
    const where = { ...base, ...condition };
    if (filters.by) return where;
    const { data } = await ordersOf2(db).where(where).field({ _id: true }).limit(1).get();
    if (data.length) return where;
  }
  return void 0;
}
async function sweepOldExports(deps) {
  const files = deps.db.collection(COLLECTIONS.files);
  const { data } = await files.where({ kind: "export", createdAt: commands(deps.db).lt(deps.env.now() - DAY_MS) }).limit(SWEEP_BATCH).get();
  for (const old of data) {
    await deps.store.remove(old.fileID).catch(() => void 0);
    await files.doc(old._id).remove();
  }
}
async function exportConsoleOrders(deps, filters, operatorId) {
  const { db } = deps;
  const where = await exportWhere(db, filters);
  const rows = [];
  for (let offset = 0; where !== void 0; offset += EXPORT_BATCH) {
    const { data } = await ordersOf2(db).where(where).orderBy("createdAt", "desc").skip(offset).limit(EXPORT_BATCH).get();
    if (rows.length + data.length > EXPORT_MAX_ROWS) throw new CloudError("EXPORT_TOO_LARGE", `an export holds at most ${EXPORT_MAX_ROWS} orders`);
    const nicknames = await nicknamesOf(
      db,
      data.map((o) => o.userId)
    );
    for (const order of data) rows.push(exportRow(order, nicknames.get(order.userId) ?? ""));
    if (data.length < EXPORT_BATCH) break;
  }
  const content = renderCsv(EXPORT_HEADER, rows);
  const now = deps.env.now();
  const fileName = exportFileName(now);
  const fileID = await deps.store.upload(`wxkit-exports/${fileName}`, content);
  await db.collection(COLLECTIONS.files).add({
    _id: `export:${now}:${randomId(deps.env, 6)}`,
    fileID,
    kind: "export",
    ownerId: operatorId,
    bytes: content.length,
    createdAt: now
  });
  await sweepOldExports(deps);
  const url = await deps.store.tempUrl(fileID);
  if (!url) throw new CloudError("INTERNAL_ERROR", "the export could not be stored");
  return { url, fileName, fileType: "csv", rows: rows.length, bytes: content.length };
}
var EXPORT_MAX_ROWS, EXPORT_BATCH, SWEEP_BATCH, STATUS_LABELS, CHANNEL_LABELS, SHIPPING_LABELS, EXPORT_HEADER;
var init_orders_export = __esm({
  "cloud/merchant/orders-export.ts"() {
    "use strict";
    init_db_commands();
    init_env();
    init_errors();
    init_collections();
    init_csv_writer();
    init_orders();
    init_shipping();
    init_beijing_time();
    init_console_orders();
    EXPORT_MAX_ROWS = 2e4;
    EXPORT_BATCH = 500;
    SWEEP_BATCH = 20;
    STATUS_LABELS = {
      NOTPAY: "待支付",
      PAID: "已支付",
      PARTIALLY_REFUNDED: "部分退款",
      REFUNDED: "已退款",
      CLOSED: "已关闭"
    };
    CHANNEL_LABELS = {
      miniprogram: "小程序",
      jsapi: "微信内网页",
      h5: "手机浏览器",
      native: "电脑扫码"
    };
    SHIPPING_LABELS = { waiting: "待发货", shipped: "已发货", completed: "已完成" };
    EXPORT_HEADER = [
      "订单号",
      "商户订单号",
      "微信支付单号",
      "下单时间",
      "支付时间",
      "状态",
      "支付方式",
      "商品",
      "订单金额（元）",
      "已退款（元）",
      "买家ID",
      "买家昵称",
      "发货状态",
      "快递公司",
      "运单号"
    ];
  }
});

// cloud/objects/payAdmin/index.ts
var payAdmin_exports = {};
__export(payAdmin_exports, {
  default: () => payAdmin_default
});
function hasNoControlCharacters(value) {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || c === 127) return false;
  }
  return true;
}
function triggerTime(param) {
  const text = param?.Time;
  if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return void 0;
  const at = Date.parse(text);
  return Number.isNaN(at) ? void 0 : at;
}
function reconciliationDeps() {
  return { ...payDeps(), bills: wechatPay().client };
}
function shippingContext() {
  return payDeps();
}
function operatorOf2(call) {
  const operator = operators.get(call);
  if (!operator) throw new CloudError("MERCHANT_ONLY", "only a merchant operator may do this");
  return operator;
}
var NAME, PAGE_SIZE, Id, Reason, RefundIdInput, RejectInput, RefundOrderInput, OrderIdInput, PageInput, OrderId, EnterShipmentInput, RemindInput, BillDate, BillDateInput, DayInput, DISCREPANCY_PAGE_SIZE, BeijingDate, OrderFilterEntries, ListOrdersInput, ExportOrdersInput, operators, payAdmin_default;
var init_payAdmin = __esm({
  "cloud/objects/payAdmin/index.ts"() {
    "use strict";
    init_dist();
    init_cloud_object();
    init_config();
    init_errors();
    init_lifecycle();
    init_unicloud();
    init_validation();
    init_env();
    init_caller();
    init_role();
    init_fulfilment();
    init_orders();
    init_payments();
    init_refund_records();
    init_refund_view();
    init_refunds();
    init_wiring();
    init_bill_reconcile();
    init_bill_days();
    init_beijing_time();
    init_reconciliation_records();
    init_shipping();
    init_orders();
    init_cloud_store();
    init_console_orders();
    init_console_overview();
    init_orders_export();
    NAME = "payAdmin";
    PAGE_SIZE = 20;
    Id = pipe(string(), minLength(1), maxLength(64));
    Reason = pipe(string(), trim(), maxLength(REFUND_REASON_MAX_LENGTH));
    RefundIdInput = object({ refundId: Id });
    RejectInput = object({ refundId: Id, reason: pipe(Reason, minLength(1)) });
    RefundOrderInput = object({
      orderId: Id,
      /** Fen; absent: everything left. */
      amount: optional(pipe(number(), integer(), minValue(1), maxValue(1e8))),
      reason: optional(Reason, "")
    });
    OrderIdInput = object({ orderId: Id });
    PageInput = optional(object({ page: optional(pipe(number(), integer(), minValue(1), maxValue(500)), 1) }), {});
    OrderId = Id;
    EnterShipmentInput = object({
      orderId: OrderId,
      logisticsType: picklist(LOGISTICS_TYPES),
      // A delivery_id of get_delivery_list (deliveryCompanies): SF, YTO, ZTO, (AU) …
      expressCompany: optional(pipe(string(), trim(), regex(/^[0-9A-Za-z()_-]{1,32}$/))),
      trackingNo: optional(pipe(string(), trim(), regex(/^[0-9A-Za-z-]{4,64}$/))),
      receiverContact: optional(pipe(string(), trim(), minLength(4), maxLength(32))),
      itemDesc: optional(
        pipe(
          string(),
          trim(),
          minLength(1),
          check((text) => [...text].length <= ITEM_DESC_MAX_CHARS, `at most ${ITEM_DESC_MAX_CHARS} characters`),
          check(hasNoControlCharacters, "must not contain control characters")
        )
      )
    });
    RemindInput = object({
      orderId: OrderId,
      // When the carrier reports the parcel received (ms since the epoch).
      receivedTime: pipe(number(), integer(), minValue(15e11), maxValue(4e12))
    });
    BillDate = pipe(
      string(),
      check(isCalendarDate, "must be a calendar day written yyyy-MM-DD"),
      check((date) => inRerunWindow(date, systemEnv.now()), "must be today or one of the 90 days before it (Beijing time)")
    );
    BillDateInput = object({ billDate: BillDate });
    DayInput = object({
      billDate: pipe(string(), check(isCalendarDate, "must be a calendar day written yyyy-MM-DD")),
      page: optional(pipe(number(), integer(), minValue(1), maxValue(100)), 1)
    });
    DISCREPANCY_PAGE_SIZE = 500;
    BeijingDate = pipe(string(), regex(/^\d{4}-\d{2}-\d{2}$/));
    OrderFilterEntries = {
      status: optional(picklist(ORDER_STATUSES)),
      channel: optional(picklist(PAY_CHANNELS)),
      from: optional(BeijingDate),
      to: optional(BeijingDate),
      q: optional(pipe(string(), trim(), maxLength(64))),
      by: optional(picklist(SEARCH_KINDS))
    };
    ListOrdersInput = optional(
      object({ ...OrderFilterEntries, page: optional(pipe(number(), integer(), minValue(1), maxValue(500)), 1) }),
      {}
    );
    ExportOrdersInput = optional(object(OrderFilterEntries), {});
    operators = /* @__PURE__ */ new WeakMap();
    payAdmin_default = defineCloudObject({
      async _before() {
        if (this.getClientInfo().source === "http") throw new CloudError("METHOD_NOT_FOUND", "not available over HTTP");
        const db = getUniCloud().database();
        const config = getConfig(["token", "merchant"]);
        const caller = await authenticateCall(this, { db, token: config.token, env: systemEnv }, kitTokenOf(this));
        operators.set(this, await requireOperator(db, caller, config.merchant));
      },
      _after(error, result) {
        return normaliseAnswer(NAME, this.getMethodName(), error, result);
      },
      /**
       * Timer trigger (twice an hour): reconcile the newest trade bill once
       * WeChat Pay has made it (after 10:00 Beijing time), and, within the last
       * week, days missed, not ready yet (asked again every half hour) or failed
       * (with back-off). "Now" is the trigger's `Time` when it names its zone
       * (the local runtime's tests move it), else the clock.
       */
      async _timing(param) {
        const summary = await reconcileDueDays(reconciliationDeps(), triggerTime(param) ?? systemEnv.now());
        console.log(`[${NAME}._timing] ${JSON.stringify(summary)}`);
        return summary;
      },
      /** The operator this login is (the console asks before it shows anything; every method checks again). */
      async whoami() {
        callerOf(this);
        return { operator: { name: operatorOf2(this).name } };
      },
      /** The console's overview: the last 14 Beijing days' takings, paid orders and refunds (today last), and what waits for review. */
      async overview() {
        operatorOf2(this);
        return consoleOverview(getUniCloud().database(), systemEnv.now());
      },
      /**
       * One page (20, newest first) of the orders matching the filters (status,
       * channel, Beijing dates `from`–`to` inclusive) and the search `q`: an order
       * id, any out_trade_no of its trades, its transaction_id, the buyer's user
       * id or the start of their nickname. `matchedBy` names what the search
       * matched; pass it back as `by` for the following pages.
       */
      async listOrders(input) {
        const { page, ...filters } = parseInput(ListOrdersInput, input);
        operatorOf2(this);
        return listConsoleOrders(getUniCloud().database(), filters, page);
      },
      /** One order in full: items, amounts, trades, payment, history, refunds (with who decided), duplicates, fulfilment, shipping, and what may be done now. */
      async getOrderDetail(input) {
        const { orderId } = parseInput(OrderIdInput, input);
        operatorOf2(this);
        return { order: await consoleOrderDetail(getUniCloud().database(), orderId, systemEnv.now()) };
      },
      /** Every order matching the list's filters and search as a CSV (UTF-8 with BOM) in cloud storage: its temporary URL and file name. */
      async exportOrders(input) {
        const filters = parseInput(ExportOrdersInput, input);
        const deps = { db: getUniCloud().database(), store: cloudFileStore(), env: systemEnv };
        return exportConsoleOrders(deps, filters, operatorOf2(this).userId);
      },
      /** Refund requests waiting for review, oldest first. */
      async listRefundRequests(input) {
        const { page } = parseInput(PageInput, input);
        const { data } = await refundsOf(getUniCloud().database()).where({ status: "REQUESTED" }).orderBy("requestedAt", "asc").skip((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1).get();
        return { refunds: data.slice(0, PAGE_SIZE).map(merchantRefundView), hasMore: data.length > PAGE_SIZE };
      },
      /** Approve a refund request: its amount is reserved and sent to WeChat Pay (or waits the minute WeChat Pay wants between two). */
      async approveRefund(input) {
        const { refundId } = parseInput(RefundIdInput, input);
        return { refund: merchantRefundView(await approveRefund(payDeps(), refundId, operatorOf2(this).name)) };
      },
      /** Reject a refund request with the reason the buyer sees. */
      async rejectRefund(input) {
        const { refundId, reason } = parseInput(RejectInput, input);
        return { refund: merchantRefundView(await rejectRefund(payDeps(), refundId, reason, operatorOf2(this).name)) };
      },
      /** Refund part (`amount` fen) or all (no amount) of what is left of a paid order. */
      async refundOrder(input) {
        const { orderId, amount, reason } = parseInput(RefundOrderInput, input);
        const deps = payDeps();
        const order = await readOrder2(deps.db, orderId);
        return { refund: merchantRefundView(await refundByMerchant(deps, order, { amount, reason }, operatorOf2(this).name)) };
      },
      /** One refund (to follow one the console just approved). */
      async getRefund(input) {
        const { refundId } = parseInput(RefundIdInput, input);
        return { refund: merchantRefundView(await readRefund(payDeps(), refundId)) };
      },
      /** Close an unpaid order (at WeChat Pay first; one paid meanwhile becomes PAID instead). */
      async closeOrder(input) {
        const { orderId } = parseInput(OrderIdInput, input);
        const deps = payDeps();
        const order = await readOrder2(deps.db, orderId);
        if (order.status !== "NOTPAY" && order.status !== "CLOSED") throw new CloudError("ORDER_NOT_PAYABLE", "only an unpaid order can be closed");
        return { order: toOrderView(await closeUnpaidOrder(deps, order, "MERCHANT", "merchant")) };
      },
      /** Run a paid order's pending fulfilment again now (after the hook failed). */
      async retryFulfilment(input) {
        const { orderId } = parseInput(OrderIdInput, input);
        const deps = payDeps();
        const order = await readOrder2(deps.db, orderId);
        if (order.fulfilment?.status !== "pending") return { order: toOrderView(order) };
        return { order: toOrderView(await runFulfilment(deps, order, { waitMs: 0 })) };
      },
      /**
       * Enter the shipment of a paid mini-program order and upload it to WeChat
       * (小程序发货信息管理): express (logisticsType 1) with the carrier's
       * delivery_id and the tracking number (SF needs the receiver's phone, sent
       * masked), same-city 2, virtual 3, self-pickup 4. Once uploaded, it can be
       * corrected once. The answer shows the upload's state (a failure is retried
       * by the timer).
       */
      async enterShipment(input) {
        const shipment = parseInput(EnterShipmentInput, input);
        return { order: toShippingOrderView(await enterShipment(shippingContext(), shipment, operatorOf2(this).userId)) };
      },
      /** Try a failed (or backed-off) shipping upload again now. */
      async retryShipping(input) {
        const { orderId } = parseInput(OrderIdInput, input);
        operatorOf2(this);
        return { order: toShippingOrderView(await retryShipping(shippingContext(), orderId)) };
      },
      /** Orders whose shipping upload failed, and why (lastError, lastErrcode), 20 per page, most recent first. */
      async listShippingFailures(input) {
        const { page } = parseInput(PageInput, input);
        operatorOf2(this);
        const { orders, hasMore } = await listShippingFailures(getUniCloud().database(), page);
        return { orders: orders.map(toShippingOrderView), hasMore };
      },
      /** Remind the buyer to confirm receipt of an uploaded express shipment (once per order). */
      async remindConfirmReceive(input) {
        const { orderId, receivedTime } = parseInput(RemindInput, input);
        operatorOf2(this);
        return { order: toShippingOrderView(await remindConfirmReceive(shippingContext(), orderId, receivedTime)) };
      },
      /** Days reconciled against WeChat Pay's trade bill, newest first, 20 per page. */
      async listReconciliations(input) {
        const { page } = parseInput(PageInput, input);
        operatorOf2(this);
        const { days, hasMore } = await listDays(getUniCloud().database(), page, PAGE_SIZE);
        const now = systemEnv.now();
        return { days: days.map((day) => toDayView(day, now)), hasMore };
      },
      /** One day's result and its discrepancies (each with what was done: applied or recorded), 500 per page. */
      async getReconciliation(input) {
        const { billDate, page } = parseInput(DayInput, input);
        operatorOf2(this);
        const db = getUniCloud().database();
        const day = await findDay(db, billDate);
        if (!day) throw new CloudError("RECONCILIATION_NOT_FOUND", "this day has not been reconciled yet");
        const { discrepancies, hasMore } = await discrepanciesOfDay(db, billDate, page, DISCREPANCY_PAGE_SIZE);
        return { day: toDayView(day, systemEnv.now()), discrepancies: discrepancies.map(toDiscrepancyView), hasMore };
      },
      /**
       * Reconcile a day (today or any of the 90 before it) now: download and
       * verify its bill, apply what WeChat Pay has and this database does not,
       * record the rest. Running a day again changes nothing it changed before.
       */
      async runReconciliation(input) {
        const { billDate } = parseInput(BillDateInput, input);
        const day = await reconcileDay(reconciliationDeps(), billDate, { by: operatorOf2(this).name });
        return { day: toDayView(day, systemEnv.now()) };
      },
      /** The carriers for the shipment form's picker (get_delivery_list, cached a day). */
      async deliveryCompanies() {
        operatorOf2(this);
        return { companies: await deliveryCompanies(shippingContext()) };
      }
    });
  }
});

// cloud/objects/payAdmin/payAdmin-entry.js
module.exports = (init_payAdmin(), __toCommonJS(payAdmin_exports)).default;

// GENERATED FILE - do not edit. Source: cloud/objects/pay/index.ts
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
function _subIssues(datasets) {
  let issues;
  if (datasets) for (const dataset of datasets) if (issues) for (const issue of dataset.issues) issues.push(issue);
  else issues = dataset.issues;
  return issues;
}
// @__NO_SIDE_EFFECTS__
function union(options, message$1) {
  return _standardSchema({
    kind: "schema",
    type: "union",
    reference: union,
    expects: /* @__PURE__ */ _joinExpects(options.map((option) => option.expects), "|"),
    async: false,
    options,
    message: message$1,
    "~run"(dataset, config$1) {
      let validDataset;
      let typedDatasets;
      let untypedDatasets;
      for (const schema of this.options) {
        const optionDataset = schema["~run"]({ value: dataset.value }, config$1);
        if (optionDataset.typed) if (optionDataset.issues) if (typedDatasets) typedDatasets.push(optionDataset);
        else typedDatasets = [optionDataset];
        else {
          validDataset = optionDataset;
          break;
        }
        else if (untypedDatasets) untypedDatasets.push(optionDataset);
        else untypedDatasets = [optionDataset];
      }
      if (validDataset) return validDataset;
      if (typedDatasets) {
        if (typedDatasets.length === 1) return typedDatasets[0];
        _addIssue(this, "type", dataset, config$1, { issues: /* @__PURE__ */ _subIssues(typedDatasets) });
        dataset.typed = true;
      } else if (untypedDatasets?.length === 1) return untypedDatasets[0];
      else _addIssue(this, "type", dataset, config$1, { issues: /* @__PURE__ */ _subIssues(untypedDatasets) });
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
    const answer2 = { errCode: error.code, errMsg: error.message };
    if (error.detail !== void 0) answer2.detail = error.detail;
    return answer2;
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
async function refundsOfOrders(db, orderIds) {
  if (orderIds.length === 0) return [];
  const { data } = await refundsOf(db).where({ orderId: db.command.in(orderIds) }).orderBy("requestedAt", "desc").limit(1e3).get();
  return data;
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
function deliveryKindOf(product) {
  return DELIVERY_KINDS.includes(product.delivery) ? product.delivery : DEFAULT_DELIVERY_KIND;
}
var DELIVERY_KINDS, DEFAULT_DELIVERY_KIND, COLLECTION;
var init_catalog = __esm({
  "cloud/catalog/catalog.ts"() {
    "use strict";
    init_errors();
    init_collections();
    DELIVERY_KINDS = ["virtual", "express", "same-city", "pickup"];
    DEFAULT_DELIVERY_KIND = "express";
    COLLECTION = COLLECTIONS.products;
  }
});

// cloud/shared/beijing-time.ts
function wallClock(ms) {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString();
}
function beijingStamp(ms) {
  return wallClock(ms).replace(/\D/g, "").slice(0, 14);
}
function formatBeijingRfc3339(ms, options = {}) {
  return `${wallClock(ms).slice(0, options.millis ? 23 : 19)}+08:00`;
}
var BEIJING_OFFSET_MS, DAY_MS;
var init_beijing_time = __esm({
  "cloud/shared/beijing-time.ts"() {
    "use strict";
    BEIJING_OFFSET_MS = 8 * 36e5;
    DAY_MS = 24 * 36e5;
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
  const cipher = (0, import_node_crypto3.createCipheriv)("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
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
    const decipher = (0, import_node_crypto3.createDecipheriv)("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(view(Buffer.from(context, "utf8")));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return decipher.update(body.subarray(0, body.length - TAG_BYTES), void 0, "utf8") + decipher.final("utf8");
  } catch {
    throw new CloudError("INTERNAL_ERROR", "sealed value does not authenticate");
  }
}
var import_node_crypto3, VERSION, IV_BYTES, TAG_BYTES;
var init_secret_box = __esm({
  "cloud/shared/secret-box.ts"() {
    "use strict";
    import_node_crypto3 = require("node:crypto");
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
      let answer2;
      try {
        answer2 = await client.request(url, {
          method,
          headers,
          ...body === void 0 ? {} : { content: body },
          ...responseType === "text" ? { dataType: "text" } : {},
          timeout: timeoutMs
        });
      } catch (error) {
        throw new HttpError(isTimeout(error) ? "timeout" : "network", hostOf(url), timeoutMs);
      }
      const responseHeaders = normaliseHeaders(answer2.headers);
      if (responseType === "bytes") return { status: answer2.status, headers: responseHeaders, body: "", bytes: bodyBytes(answer2.data) };
      return { status: answer2.status, headers: responseHeaders, body: bodyText(answer2.data) };
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
var init_errors2 = __esm({
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
    const answer2 = parsed;
    if (answer2.errcode !== void 0 && answer2.errcode !== 0) {
      throw new WechatApiError(api, typeof answer2.errcode === "number" ? answer2.errcode : Number(answer2.errcode));
    }
    return answer2;
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
  function oauthToken(api, answer2) {
    const accessToken = str(answer2.access_token);
    const openid = str(answer2.openid);
    const refreshToken = str(answer2.refresh_token);
    if (!accessToken || !openid || !refreshToken) throw malformed(api);
    return {
      accessToken,
      expiresIn: num(answer2.expires_in) ?? 7200,
      refreshToken,
      openid,
      scope: str(answer2.scope) ?? "",
      ...str(answer2.unionid) ? { unionid: str(answer2.unionid) } : {}
    };
  }
  function tradeBody(trade) {
    return "transactionId" in trade ? { transaction_id: trade.transactionId } : { merchant_id: trade.merchantId, merchant_trade_no: trade.merchantTradeNo };
  }
  return {
    async jscode2session({ appid, secret, code }) {
      const api = "sns/jscode2session";
      const answer2 = await call(api, "GET", { appid, secret, js_code: code, grant_type: "authorization_code" });
      const openid = str(answer2.openid);
      const sessionKey = str(answer2.session_key);
      if (!openid || !sessionKey) throw malformed(api);
      const unionid = str(answer2.unionid);
      return unionid ? { openid, sessionKey, unionid } : { openid, sessionKey };
    },
    async stableToken({ appid, secret, forceRefresh }) {
      const api = "cgi-bin/stable_token";
      const answer2 = await call(api, "POST", {}, { grant_type: "client_credential", appid, secret, force_refresh: forceRefresh });
      const accessToken = str(answer2.access_token);
      const expiresIn = num(answer2.expires_in);
      if (!accessToken || !expiresIn) throw malformed(api);
      return { accessToken, expiresIn };
    },
    async getUserPhoneNumber({ accessToken, code, openid }) {
      const api = "wxa/business/getuserphonenumber";
      const answer2 = await call(api, "POST", { access_token: accessToken }, openid ? { code, openid } : { code });
      const info = answer2.phone_info;
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
      const answer2 = await call(api, "GET", { access_token: accessToken, openid, lang: "zh_CN" });
      const id = str(answer2.openid);
      if (!id) throw malformed(api);
      return {
        openid: id,
        nickname: typeof answer2.nickname === "string" ? answer2.nickname : "",
        headimgurl: typeof answer2.headimgurl === "string" ? answer2.headimgurl : "",
        ...str(answer2.unionid) ? { unionid: str(answer2.unionid) } : {}
      };
    },
    async getTicket({ accessToken, type }) {
      const api = "cgi-bin/ticket/getticket";
      const answer2 = await call(api, "GET", { access_token: accessToken, type });
      const ticket = str(answer2.ticket);
      const expiresIn = num(answer2.expires_in);
      if (!ticket || !expiresIn) throw malformed(api);
      return { ticket, expiresIn };
    },
    async isTradeManaged({ accessToken, appid }) {
      const api = "wxa/sec/order/is_trade_managed";
      const answer2 = await call(api, "POST", { access_token: accessToken }, { appid });
      if (typeof answer2.is_trade_managed !== "boolean") throw malformed(api);
      return answer2.is_trade_managed;
    },
    async uploadShippingInfo({ accessToken, info }) {
      await call("wxa/sec/order/upload_shipping_info", "POST", { access_token: accessToken }, info);
    },
    async getShippingOrder({ accessToken, trade }) {
      const api = "wxa/sec/order/get_order";
      const answer2 = await call(api, "POST", { access_token: accessToken }, tradeBody(trade));
      const order = answer2.order;
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
      const answer2 = await call(api, "POST", { access_token: accessToken }, {});
      if (!Array.isArray(answer2.delivery_list)) throw malformed(api);
      const companies = [];
      for (const entry of answer2.delivery_list) {
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
    init_errors2();
    UpstreamStatusError = class extends CloudError {
      constructor(api, status) {
        super("WX_UPSTREAM_ERROR", `WeChat ${api} answered HTTP ${status}`);
        this.status = status;
        this.name = "UpstreamStatusError";
      }
    };
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

// cloud/wechat/credential-cache.ts
function docId(kind, appid) {
  return `${kind}.${appid}`;
}
function fingerprint(value) {
  return (0, import_node_crypto4.createHash)("sha256").update(value).digest("hex").slice(0, 16);
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
var import_node_crypto4, WX_CREDENTIALS, DEFAULTS;
var init_credential_cache = __esm({
  "cloud/wechat/credential-cache.ts"() {
    "use strict";
    import_node_crypto4 = require("node:crypto");
    init_database();
    init_errors();
    init_db_commands();
    init_env();
    init_secret_box();
    init_errors2();
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
async function cachedFact(ctx, kind, appid, ttlMs, fetch, options = {}) {
  const collection3 = ctx.db.collection(COLLECTIONS.credentials);
  const id = `${kind}.${appid}`;
  if (!options.fresh) {
    const cached = (await collection3.doc(id).get()).data[0];
    if (cached && cached.expiresAt > ctx.env.now()) return cached.value;
  }
  const value = await fetch();
  const now = ctx.env.now();
  await collection3.doc(id).set({ kind, appid, value, expiresAt: now + ttlMs, updatedAt: now });
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
async function pollReceipt(ctx, order) {
  const wiring = wiringOf(ctx);
  const cmd = commands(ctx.db);
  const now = ctx.env.now();
  const { doc } = await ordersOf(ctx.db).where({ _id: order._id, "shipping.status": "shipped", "shipping.upload.state": "uploaded", "shipping.pollAt": cmd.lt(now) }).updateAndReturn({ shipping: { pollAt: now + SHIPPING_TIMING.pollIntervalMs } });
  if (!doc?.shipping) return order;
  const since = doc.shipping.upload.uploadedAt ?? now;
  const shipped = ordersOf(ctx.db).where({ _id: order._id, "shipping.status": "shipped" });
  if (now - since > SHIPPING_TIMING.pollForMs) {
    return (await shipped.updateAndReturn({ shipping: { pollAt: cmd.remove() } })).doc ?? doc;
  }
  const { orderState } = await withAccessToken(
    wiring.credentials,
    wiring.wechat,
    wiring.app,
    (accessToken) => wiring.wechat.getShippingOrder({ accessToken, trade: tradeRefOf(doc) })
  );
  let change;
  if (orderState === 3 || orderState === 4) change = { status: "completed", completedAt: ctx.env.now(), pollAt: cmd.remove() };
  else if (orderState === 5) change = { pollAt: cmd.remove() };
  if (!change && orderState === doc.shipping.orderState) return doc;
  const { doc: after } = await shipped.updateAndReturn({ shipping: { ...change, orderState, rev: cmd.inc(1), updatedAt: ctx.env.now() } });
  if (orderState === 3 || orderState === 4) ctx.log.info(`[pay] order ${order._id}: receipt confirmed (order_state ${orderState})`);
  return after ?? doc;
}
async function reconcileShipping(ctx, options = {}) {
  const batch = options.batch ?? 20;
  const summary = { uploaded: 0, notRequired: 0, failed: 0, completed: 0, failures: 0 };
  const cmd = commands(ctx.db);
  const now = ctx.env.now();
  const due = await ordersOf(ctx.db).where({ "shipping.upload.state": "pending", "shipping.upload.nextAttemptAt": cmd.lte(now), "shipping.upload.leaseUntil": cmd.lt(now) }).orderBy("shipping.upload.nextAttemptAt", "asc").limit(batch).get();
  for (const order of due.data) {
    try {
      const state = (await runUpload(ctx, order)).shipping?.upload.state;
      if (state === "uploaded") summary.uploaded++;
      else if (state === "not-required") summary.notRequired++;
      else if (state === "failed") summary.failed++;
    } catch (error) {
      summary.failures++;
      ctx.log.warn(`[pay._timing] shipping upload of order ${order._id} failed: ${errorLabel(error)}`);
    }
  }
  const polls = await ordersOf(ctx.db).where({ "shipping.status": "shipped", "shipping.upload.state": "uploaded", "shipping.pollAt": cmd.lt(now) }).orderBy("shipping.pollAt", "asc").limit(batch).get();
  for (const order of polls.data) {
    try {
      if ((await pollReceipt(ctx, order)).shipping?.status === "completed") summary.completed++;
    } catch (error) {
      summary.failures++;
      ctx.log.warn(`[pay._timing] receipt query of order ${order._id} failed: ${errorLabel(error)}`);
    }
  }
  return summary;
}
var VIRTUAL, SHIPPING_TIMING, ITEM_DESC_MAX_CHARS, TERMINAL_ERRCODES, CLEARED_ERROR;
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
    init_errors2();
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
    ITEM_DESC_MAX_CHARS = 120;
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
async function findOwnOrder(db, userId, orderId) {
  const { data } = await ordersOf2(db).where({ _id: orderId, userId }).limit(1).get();
  if (!data[0]) throw new CloudError("ORDER_NOT_FOUND", "order not found");
  return data[0];
}
async function listOwnOrders(db, userId, options = {}) {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const where = { userId };
  const { status } = options;
  if (typeof status === "string") where.status = status;
  else if (status?.length) where.status = orderCommands(db).in([...status]);
  const { data } = await ordersOf2(db).where(where).orderBy("createdAt", "desc").skip((page - 1) * ORDER_PAGE_SIZE).limit(ORDER_PAGE_SIZE + 1).get();
  return { orders: data.slice(0, ORDER_PAGE_SIZE), hasMore: data.length > ORDER_PAGE_SIZE };
}
var ORDERS, ORDER_STATUSES, PAID_STATUSES, REFUNDABLE_STATUSES, PAY_CHANNELS, ORDER_PAGE_SIZE;
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
    ORDER_PAGE_SIZE = 10;
  }
});

// cloud/wxpay/errors.ts
function isWxpayError(error, ...codes) {
  return error instanceof WxpayError && (codes.length === 0 || codes.includes(error.code));
}
function toCloudError(error) {
  const detail = { wxpayCode: error.code };
  if (error.status !== void 0) detail.status = error.status;
  if (error.wechatCode !== void 0) detail.wechatCode = error.wechatCode;
  return new CloudError(CLOUD_CODES[error.code], error.message, detail);
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
var WxpayError, CLOUD_CODES;
var init_errors3 = __esm({
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
    CLOUD_CODES = {
      HEADER_MISSING: "WXPAY_SIGNATURE_INVALID",
      HEADER_INVALID: "WXPAY_SIGNATURE_INVALID",
      TIMESTAMP_EXPIRED: "WXPAY_SIGNATURE_INVALID",
      SIGNTEST: "WXPAY_SIGNATURE_INVALID",
      SIGNATURE_INVALID: "WXPAY_SIGNATURE_INVALID",
      SERIAL_UNKNOWN: "WXPAY_SIGNATURE_INVALID",
      ALGORITHM_UNSUPPORTED: "WXPAY_NOTIFY_INVALID",
      DECRYPT_FAILED: "WXPAY_NOTIFY_INVALID",
      NOTIFY_MALFORMED: "WXPAY_NOTIFY_INVALID",
      BODY_NOT_RAW: "INTERNAL_ERROR",
      KEY_INVALID: "CONFIG_INVALID",
      REQUEST_INVALID: "PARAM_INVALID",
      UPSTREAM_ERROR: "WXPAY_UPSTREAM_ERROR",
      RESPONSE_MALFORMED: "WXPAY_UPSTREAM_ERROR",
      TIMEOUT: "WXPAY_UPSTREAM_ERROR",
      NETWORK_ERROR: "WXPAY_UPSTREAM_ERROR"
    };
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
    const decipher = (0, import_node_crypto5.createDecipheriv)("aes-256-gcm", aesKey, iv, { authTagLength: TAG_BYTES2 });
    decipher.setAuthTag(tag2);
    decipher.setAAD(view2(Buffer.from(associatedData, "utf8")));
    return decipher.update(body, void 0, "utf8") + decipher.final("utf8");
  } catch {
    throw new WxpayError("DECRYPT_FAILED", "AES-GCM authentication failed");
  }
}
var import_node_crypto5, TAG_BYTES2;
var init_aes_gcm_cipher = __esm({
  "cloud/wxpay/aes-gcm-cipher.ts"() {
    "use strict";
    import_node_crypto5 = require("node:crypto");
    init_errors3();
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
    parsed = typeof key === "string" ? (0, import_node_crypto6.createPublicKey)(key) : key;
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
var import_node_crypto6, RsaVerifier;
var init_rsa_verifier = __esm({
  "cloud/wxpay/rsa-verifier.ts"() {
    "use strict";
    import_node_crypto6 = require("node:crypto");
    init_constants();
    init_errors3();
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
          valid = (0, import_node_crypto6.createVerify)("RSA-SHA256").update(message2, "utf8").verify(key, signature, "base64");
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
    init_errors3();
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
      certificate = new import_node_crypto7.X509Certificate(pem);
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
var import_node_crypto7;
var init_certificates = __esm({
  "cloud/wxpay/certificates.ts"() {
    "use strict";
    import_node_crypto7 = require("node:crypto");
    init_aes_gcm_cipher();
    init_constants();
    init_errors3();
    init_rsa_verifier();
    init_validator();
  }
});

// cloud/wxpay/client.ts
function randomNonce() {
  return (0, import_node_crypto8.randomBytes)(16).toString("hex").toUpperCase();
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
var import_node_crypto8, OUT_TRADE_NO, BILL_DATE, OUT_REFUND_NO, WechatPayClient;
var init_client2 = __esm({
  "cloud/wxpay/client.ts"() {
    "use strict";
    import_node_crypto8 = require("node:crypto");
    init_http();
    init_constants();
    init_errors3();
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
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function parseEnvelope(rawBody) {
  let event;
  try {
    event = JSON.parse(rawBody);
  } catch {
    throw new WxpayError("NOTIFY_MALFORMED", "notify body is not JSON");
  }
  if (!isObject(event) || typeof event.id !== "string" || typeof event.event_type !== "string" || !isObject(event.resource)) {
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
    init_errors3();
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
        if (!isObject(resource)) throw new WxpayError("NOTIFY_MALFORMED", "decrypted resource is not an object");
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
    parsed = typeof key === "string" ? (0, import_node_crypto9.createPrivateKey)(key) : key;
  } catch {
    throw new WxpayError("KEY_INVALID", "merchant private key does not parse");
  }
  if (parsed.type !== "private" || parsed.asymmetricKeyType !== "rsa") {
    throw new WxpayError("KEY_INVALID", "merchant private key must be an RSA private key");
  }
  return parsed;
}
var import_node_crypto9, RsaSigner;
var init_rsa_signer = __esm({
  "cloud/wxpay/rsa-signer.ts"() {
    "use strict";
    import_node_crypto9 = require("node:crypto");
    init_errors3();
    RsaSigner = class {
      #key;
      constructor(options) {
        this.#key = toRsaPrivateKey(options.privateKey);
        this.serialNo = options.serialNo;
      }
      /** Base64 SHA256withRSA (PKCS#1 v1.5) of the UTF-8 message. */
      sign(message2) {
        return (0, import_node_crypto9.createSign)("RSA-SHA256").update(message2, "utf8").sign(this.#key, "base64");
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
      const answer2 = await deps.importObject(deps.cloudObject)[deps.method]({ order: fulfilmentOrder(order) });
      const code = answer2?.errCode;
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
function invalid(message2) {
  return new CloudError("PARAM_INVALID", message2);
}
function checkLines(lines) {
  if (lines.length < 1 || lines.length > MAX_ORDER_LINES) throw invalid(`an order has 1 to ${MAX_ORDER_LINES} lines`);
  const seen = /* @__PURE__ */ new Set();
  for (const line of lines) {
    if (typeof line.productId !== "string" || line.productId === "") throw invalid("invalid parameter: productId");
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
      throw invalid(`quantity must be an integer from 1 to ${MAX_LINE_QUANTITY}`);
    }
    if (seen.has(line.productId)) throw invalid("each product may appear on one line only");
    seen.add(line.productId);
  }
}
function truncateText(text, max) {
  if (text.length <= max) return text;
  let out = "";
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
}
function describeItems(items) {
  const text = items.map((item) => item.quantity > 1 ? `${item.name} ×${item.quantity}` : item.name).join("、");
  return truncateText(text, DESCRIPTION_MAX_LENGTH);
}
async function priceCart(db, lines) {
  checkLines(lines);
  const ids = lines.map((line) => line.productId);
  const { data } = await db.collection(COLLECTIONS.products).where({ _id: orderCommands(db).in(ids), onSale: true }).limit(MAX_ORDER_LINES).get();
  const products = new Map(data.map((product) => [product._id, product]));
  const items = [];
  let amount = 0;
  for (const line of lines) {
    const product = products.get(line.productId);
    if (!product) throw new CloudError("PRODUCT_NOT_FOUND", "product not found", { productId: line.productId });
    if (!Number.isSafeInteger(product.price) || product.price <= 0) {
      throw new CloudError("INTERNAL_ERROR", "product price is not a positive integer of fen");
    }
    amount += product.price * line.quantity;
    items.push({ productId: product._id, name: product.name, price: product.price, quantity: line.quantity, delivery: deliveryKindOf(product) });
  }
  if (!Number.isSafeInteger(amount)) throw invalid("order amount out of range");
  return { items, amount, description: describeItems(items) };
}
var MAX_ORDER_LINES, MAX_LINE_QUANTITY, DESCRIPTION_MAX_LENGTH;
var init_pricing = __esm({
  "cloud/pay/pricing.ts"() {
    "use strict";
    init_errors();
    init_catalog();
    init_orders();
    init_collections();
    MAX_ORDER_LINES = 20;
    MAX_LINE_QUANTITY = 99;
    DESCRIPTION_MAX_LENGTH = 127;
  }
});

// cloud/pay/trade-numbers.ts
function randomChars(env, length) {
  const bytes = env.randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] & 31];
  return out;
}
function newOutTradeNo(env) {
  return `${beijingStamp(env.now())}${randomChars(env, 10)}`;
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
function paysInApp(channel) {
  return channel === "miniprogram" || channel === "jsapi";
}
function checkTarget(target) {
  if ((target.channel === "miniprogram" || target.channel === "jsapi") && !target.payerOpenid) {
    throw new CloudError("PAYER_OPENID_MISSING", "the payer has no openid for this app");
  }
  if (target.channel === "h5" && !target.clientIP) throw new CloudError("PARAM_INVALID", "the client IP is unknown");
}
function newTrade(outTradeNo, target, now) {
  return {
    outTradeNo,
    channel: target.channel,
    appid: target.appid,
    ...paysInApp(target.channel) && target.payerOpenid ? { payerOpenid: target.payerOpenid } : {},
    ...target.channel === "h5" && target.clientIP ? { clientIP: target.clientIP } : {},
    state: "LIVE",
    createdAt: now
  };
}
function isWechatCode(error, code) {
  return isWxpayError(error, "UPSTREAM_ERROR") && error.wechatCode === code;
}
function isDefinitiveRejection(error) {
  if (isWxpayError(error, "REQUEST_INVALID")) return true;
  if (!isWxpayError(error, "UPSTREAM_ERROR") || error.status === void 0) return false;
  return error.status >= 400 && error.status < 500 && error.status !== 429;
}
async function placeTrade(deps, order, trade) {
  const now = deps.env.now();
  const base = {
    appid: trade.appid,
    description: order.description,
    out_trade_no: trade.outTradeNo,
    time_expire: formatBeijingRfc3339(order.timeExpire),
    amount: { total: order.amount, currency: "CNY" }
  };
  switch (trade.channel) {
    case "miniprogram":
    case "jsapi": {
      const { prepay_id } = await deps.gateway.createJsapiOrder({ ...base, payer: { openid: trade.payerOpenid } });
      return { payment: deps.gateway.buildRequestPaymentParams({ appId: trade.appid, prepayId: prepay_id }), kept: { prepayId: prepay_id, validUntil: now + PREPAY_VALID_MS } };
    }
    case "h5": {
      const { h5_url } = await deps.gateway.createH5Order({ ...base, scene_info: { payer_client_ip: trade.clientIP, h5_info: { type: "Wap" } } });
      return { payment: { h5Url: h5_url }, kept: { h5Url: h5_url, validUntil: now + H5_URL_VALID_MS } };
    }
    case "native": {
      const { code_url } = await deps.gateway.createNativeOrder(base);
      return { payment: { codeUrl: code_url }, kept: { codeUrl: code_url, validUntil: now + PREPAY_VALID_MS } };
    }
  }
}
function reusablePayment(deps, trade) {
  const kept = trade.payment;
  if (!kept || kept.validUntil <= deps.env.now() + MIN_PAYABLE_MS) return void 0;
  if (kept.prepayId) return deps.gateway.buildRequestPaymentParams({ appId: trade.appid, prepayId: kept.prepayId });
  if (kept.codeUrl) return { codeUrl: kept.codeUrl };
  if (kept.h5Url) return { h5Url: kept.h5Url };
  return void 0;
}
async function paymentForLiveTrade(deps, order, trade) {
  const reused = reusablePayment(deps, trade);
  if (reused) return reused;
  let placed;
  try {
    placed = await placeTrade(deps, order, trade);
  } catch (error) {
    if (isDefinitiveRejection(error)) await dropLiveTrade(deps, order._id, trade.outTradeNo, true);
    throw error;
  }
  await ordersOf2(deps.db).where({ _id: order._id, liveTradeNo: trade.outTradeNo }).update({ trades: { [trade.outTradeNo]: { payment: orderCommands(deps.db).set(placed.kept) } } });
  return placed.payment;
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
function sameTarget(trade, target) {
  if (trade.channel !== target.channel || trade.appid !== target.appid) return false;
  return !paysInApp(trade.channel) || (trade.payerOpenid ?? "") === (target.payerOpenid ?? "");
}
async function addLiveTrade(deps, order, target) {
  for (let attempt = 0; ; attempt++) {
    const now = deps.env.now();
    const outTradeNo = newOutTradeNo(deps.env);
    const trade = newTrade(outTradeNo, target, now);
    try {
      const { doc } = await ordersOf2(deps.db).where({ _id: order._id, status: "NOTPAY", liveTradeNo: "" }).updateAndReturn({
        liveTradeNo: outTradeNo,
        outTradeNo,
        channel: trade.channel,
        appid: trade.appid,
        ...trade.payerOpenid ? { payerOpenid: trade.payerOpenid } : {},
        tradeNos: orderCommands(deps.db).push(outTradeNo),
        trades: { [outTradeNo]: orderCommands(deps.db).set(trade) },
        updatedAt: now
      });
      return doc ?? await readOrder2(deps.db, order._id);
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= 2) throw error;
    }
  }
}
function pendingCodeUrl(order, now) {
  if (order.status !== "NOTPAY" || now >= order.timeExpire || !order.liveTradeNo) return void 0;
  const live = order.trades?.[order.liveTradeNo];
  if (live?.channel !== "native" || !live.payment?.codeUrl || live.payment.validUntil <= now) return void 0;
  return live.payment.codeUrl;
}
async function payOrder(deps, orderIn, target, onPaid) {
  checkTarget(target);
  let order = orderIn;
  for (let round = 0; round < 3; round++) {
    if (PAID_STATUSES.includes(order.status)) return { order, paid: true };
    if (order.status !== "NOTPAY") throw new CloudError("ORDER_NOT_PAYABLE", "the order is closed");
    if (order.timeExpire - deps.env.now() < MIN_PAYABLE_MS) throw new CloudError("ORDER_EXPIRED", "the order can no longer be paid");
    const live = order.liveTradeNo ? order.trades[order.liveTradeNo] : void 0;
    if (live && sameTarget(live, target)) return { order, payment: await paymentForLiveTrade(deps, order, live) };
    if (live) {
      let outcome;
      try {
        outcome = await closeLiveTrade(deps, order, live);
      } catch (error) {
        deps.log.warn(`[pay] order ${order._id}: the live trade could not be closed (${isWxpayError(error) ? error.wechatCode ?? error.code : "error"}); no second trade`);
        throw new CloudError("PAY_CHANNEL_SWITCH_UNAVAILABLE", "the current payment cannot be closed now; pay it as it is, or try again later");
      }
      if (!outcome.closed) return { order: await onPaid(order, live), paid: true };
      order = await readOrder2(deps.db, order._id);
      continue;
    }
    order = await addLiveTrade(deps, order, target);
    const added = order.liveTradeNo ? order.trades[order.liveTradeNo] : void 0;
    if (added && sameTarget(added, target)) return { order, payment: await paymentForLiveTrade(deps, order, added) };
  }
  throw new CloudError("PAY_CHANNEL_SWITCH_UNAVAILABLE", "the order is being paid elsewhere; try again");
}
var PREPAY_VALID_MS, H5_URL_VALID_MS, MIN_PAYABLE_MS;
var init_trades = __esm({
  "cloud/pay/trades.ts"() {
    "use strict";
    init_database();
    init_errors();
    init_errors3();
    init_orders();
    init_beijing_time();
    init_trade_numbers();
    PREPAY_VALID_MS = 2 * 36e5;
    H5_URL_VALID_MS = 5 * 6e4;
    MIN_PAYABLE_MS = 6e4;
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
function policyApproves(policy, order, amount) {
  const rule = policy?.autoApprove;
  if (!rule) return false;
  if (rule.unfulfilledOnly && order.fulfilment?.status === "done") return false;
  if (rule.maxAmount !== void 0 && amount > rule.maxAmount) return false;
  return true;
}
async function requestRefund(deps, order, input, policy) {
  const now = deps.env.now();
  const amount = input.amount ?? order.refundable;
  checkRefundable(order, amount, now);
  const { updated } = await ordersOf2(deps.db).where({ _id: order._id, refundRequestOpen: false, status: orderCommands(deps.db).in([...REFUNDABLE_STATUSES]) }).update({ refundRequestOpen: true, refundRequests: orderCommands(deps.db).inc(1), updatedAt: now });
  if (updated !== 1) {
    const current = await readOrder2(deps.db, order._id);
    if (current.refundRequestOpen) throw new CloudError("REFUND_REQUEST_PENDING", "a refund request of this order is waiting for review");
    throw refusalFor(current, amount, now);
  }
  let request;
  try {
    request = await insertRefund(deps, {
      orderId: order._id,
      userId: order.userId,
      outTradeNo: order.outTradeNo,
      origin: "buyer",
      amount,
      total: order.amount,
      reason: cleanReason(input.reason, "用户申请退款"),
      status: "REQUESTED",
      requestedAt: now
    });
  } catch (error) {
    await ordersOf2(deps.db).where({ _id: order._id }).update({ refundRequestOpen: false });
    throw error;
  }
  deps.log.info(`[pay] refund ${request._id} of order ${order._id} requested (${amount} fen)`);
  if (!policyApproves(policy, order, amount)) return request;
  try {
    return await approveRefund(deps, request._id, "policy");
  } catch (error) {
    if (!(error instanceof CloudError)) throw error;
    deps.log.warn(`[pay] refund ${request._id}: automatic approval refused (${error.code}); left for review`);
    return readRefund(deps, request._id);
  }
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
  let answer2;
  try {
    answer2 = await deps.gateway.createRefund({
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
  return applyRefund(deps, refundReportOf(answer2), "refund");
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
async function reconcileRefund(deps, refund) {
  const now = deps.env.now();
  if (refund.status === "APPROVED") {
    if ((refund.submittedAt ?? 0) > now - REFUND_RECHECK_MS) return refund;
    return submitRefund(deps, refund);
  }
  if (refund.status !== "PROCESSING" || !refund.outRefundNo) return refund;
  const { updated } = await refundsOf(deps.db).where({ _id: refund._id, status: "PROCESSING", lastQueriedAt: orderCommands(deps.db).lt(now - REFUND_RECHECK_MS) }).update({ lastQueriedAt: now });
  if (updated !== 1) return refund;
  let answer2;
  try {
    answer2 = await deps.gateway.queryRefund(refund.outRefundNo);
  } catch (error) {
    if (isWxpayError(error, "UPSTREAM_ERROR") && error.status === 404) {
      const resend = await moveRefund(deps, refund._id, ["PROCESSING"], "APPROVED");
      return resend ? submitRefund(deps, resend) : readRefund(deps, refund._id);
    }
    throw error;
  }
  return applyRefund(deps, refundReportOf(answer2), "timing");
}
async function refundsToReconcile(deps, limit) {
  const cutoff = deps.env.now() - REFUND_RECHECK_MS;
  const cmd = orderCommands(deps.db);
  const [approved, processing] = await Promise.all([
    refundsOf(deps.db).where({ status: "APPROVED", updatedAt: cmd.lt(cutoff) }).orderBy("updatedAt", "asc").limit(limit).get(),
    refundsOf(deps.db).where({ status: "PROCESSING", lastQueriedAt: cmd.lt(cutoff) }).orderBy("lastQueriedAt", "asc").limit(limit).get()
  ]);
  return [...approved.data, ...processing.data];
}
var REFUND_REASON_MAX_LENGTH, MAX_REFUNDS_PER_ORDER, REFUND_WINDOW_MS, REFUND_SPACING_MS, REFUND_RECHECK_MS;
var init_refunds = __esm({
  "cloud/pay/refunds.ts"() {
    "use strict";
    init_database();
    init_db_commands();
    init_errors();
    init_errors3();
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
    REFUND_RECHECK_MS = 6e4;
  }
});

// cloud/pay/payments.ts
function asCloudError(error) {
  return isWxpayError(error) ? toCloudError(error) : error;
}
async function insertOrder(deps, draft, target) {
  for (let attempt = 0; ; attempt++) {
    const outTradeNo = newOutTradeNo(deps.env);
    const order = { ...draft, outTradeNo, tradeNos: [outTradeNo], trades: { [outTradeNo]: newTrade(outTradeNo, target, draft.createdAt) }, liveTradeNo: outTradeNo };
    try {
      const { id } = await ordersOf2(deps.db).add(order);
      return { ...order, _id: id };
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= 2) throw error;
    }
  }
}
async function placeOrder(deps, input) {
  checkTarget(input);
  const priced = await priceCart(deps.db, input.lines);
  const now = deps.env.now();
  const order = await insertOrder(
    deps,
    {
      userId: input.userId,
      channel: input.channel,
      appid: input.appid,
      mchid: deps.gateway.mchId,
      ...input.payerOpenid ? { payerOpenid: input.payerOpenid } : {},
      description: priced.description,
      items: priced.items,
      amount: priced.amount,
      currency: "CNY",
      status: "NOTPAY",
      timeExpire: now + ORDER_TTL_MS,
      createdAt: now,
      updatedAt: now,
      lastQueriedAt: 0,
      unverifiedTrades: 0,
      fulfilment: { status: "none", attempts: 0, leaseUntil: 0 },
      refundable: priced.amount,
      refunded: 0,
      refundCount: 0,
      lastRefundSubmittedAt: 0,
      refundRequestOpen: false,
      refundRequests: 0,
      history: []
    },
    input
  );
  try {
    return { order, payment: await paymentForLiveTrade(deps, order, order.trades[order.outTradeNo]) };
  } catch (error) {
    if (isDefinitiveRejection(error)) {
      deps.log.warn(`[pay] order ${order._id} refused by WeChat Pay (${isWxpayError(error) ? error.wechatCode ?? error.code : "error"})`);
      await transition(deps, {
        orderId: order._id,
        from: "NOTPAY",
        to: "CLOSED",
        by: "create",
        set: { closedAt: deps.env.now(), closeReason: "REJECTED" }
      }).catch(() => void 0);
    }
    throw asCloudError(error);
  }
}
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
async function refreshUnpaidOrder(deps, order, options = {}) {
  if (order.status !== "NOTPAY" || !order.liveTradeNo) return order;
  const now = deps.env.now();
  const { doc: claimed } = await ordersOf2(deps.db).where({ _id: order._id, status: "NOTPAY", lastQueriedAt: orderCommands(deps.db).lt(now - (options.minIntervalMs ?? QUERY_INTERVAL_MS)) }).updateAndReturn({ lastQueriedAt: now });
  if (!claimed || !claimed.liveTradeNo) return claimed ?? order;
  const tx = await queryTrade(deps, claimed.liveTradeNo);
  if (!tx) return claimed;
  return (await applyTransaction(deps, tx, options.by ?? "query", claimed)).order;
}
async function verifyClosedTrades(deps, order, by = "timing") {
  let current = order;
  for (const trade of Object.values(order.trades)) {
    if (trade.state !== "CLOSED" || trade.verified) continue;
    const tx = await queryTrade(deps, trade.outTradeNo);
    if (!tx) {
      await confirmTradeClosed(deps, current, trade, true);
      continue;
    }
    current = (await applyTransaction(deps, tx, by, current)).order;
  }
  return readOrder2(deps.db, order._id);
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
async function expireOrder(deps, order) {
  if (order.status !== "NOTPAY") return order;
  for (const trade of Object.values(order.trades)) {
    if (trade.state !== "LIVE" && (trade.state !== "CLOSED" || trade.verified)) continue;
    const tx = await queryTrade(deps, trade.outTradeNo);
    if (tx && (tx.trade_state === "SUCCESS" || tx.trade_state === "REFUND")) return (await applyTransaction(deps, tx, "timing", order)).order;
  }
  return closeUnpaidOrder(deps, await readOrder2(deps.db, order._id), "EXPIRED", "timing");
}
var ORDER_TTL_MS, QUERY_INTERVAL_MS;
var init_payments = __esm({
  "cloud/pay/payments.ts"() {
    "use strict";
    init_database();
    init_errors3();
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
    QUERY_INTERVAL_MS = 5e3;
  }
});

// cloud/shared/rate-limit.ts
async function hit(deps, rule, key) {
  const windowMs = rule.windowSeconds * 1e3;
  const window = Math.floor(deps.env.now() / windowMs);
  const id = `${rule.name}.${(0, import_node_crypto10.createHash)("sha256").update(key).digest("hex").slice(0, 32)}.${window}`;
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
var import_node_crypto10, RATE_LIMITS;
var init_rate_limit = __esm({
  "cloud/shared/rate-limit.ts"() {
    "use strict";
    import_node_crypto10 = require("node:crypto");
    init_database();
    init_errors();
    init_db_commands();
    init_collections();
    RATE_LIMITS = COLLECTIONS.rateLimits;
  }
});

// cloud/pay/order-limits.ts
function createRule(limits) {
  return { name: "order-create-user", limit: limits.createPerUserPerMinute, windowSeconds: 60 };
}
async function countOpenUnpaidOrders(deps, userId) {
  const { total } = await ordersOf2(deps.db).where({ userId, status: "NOTPAY", timeExpire: commands(deps.db).gt(deps.env.now()) }).count();
  return total;
}
async function admitOrderCreation(deps, userId, limits) {
  if (await countOpenUnpaidOrders(deps, userId) >= limits.maxUnpaidPerUser) {
    throw new CloudError("TOO_MANY_UNPAID_ORDERS", "too many unpaid orders: pay or close one first", { limit: limits.maxUnpaidPerUser });
  }
  await enforce(deps, createRule(limits), userId);
}
var init_order_limits = __esm({
  "cloud/pay/order-limits.ts"() {
    "use strict";
    init_db_commands();
    init_errors();
    init_rate_limit();
    init_orders();
  }
});

// cloud/pay/pay-notify.ts
function notifyFailure(status, message2) {
  return { status, body: JSON.stringify({ code: "FAIL", message: message2 }) };
}
function failureFor(deps, kind, error) {
  if (isWxpayError(error) && SIGNATURE_CODES.includes(error.code)) {
    deps.log.warn(`[pay.${kind}] rejected: ${error.code}`);
    return notifyFailure(401, "signature verification failed");
  }
  if (isWxpayError(error) && MALFORMED_CODES.includes(error.code)) {
    deps.log.warn(`[pay.${kind}] rejected: ${error.code}`);
    return notifyFailure(400, "notify could not be decrypted or parsed");
  }
  if (error instanceof PaymentMatchError) return notifyFailure(error.status, error.message);
  if (error instanceof FulfilmentError) {
    return error.code === "FULFILMENT_BUSY" ? notifyFailure(503, "fulfilment in progress, retry later") : notifyFailure(500, "fulfilment failed, retry later");
  }
  deps.log.error(`[pay.${kind}] failed: ${errorLabel(error)}`);
  return notifyFailure(500, "processing failed, retry later");
}
async function answer(deps, kind, request, handle) {
  if (request.httpMethod.toUpperCase() !== "POST") return notifyFailure(405, "POST only");
  if (!request.body) return notifyFailure(400, "empty body");
  try {
    await handle();
    return NOTIFY_ACK;
  } catch (error) {
    return failureFor(deps, kind, error);
  }
}
function handleTransactionNotify(deps, parser, request) {
  return answer(deps, "notify", request, async () => {
    const { resource } = await parser.parseTransaction(request.headers, request.body);
    await applyTransaction(deps, resource, "notify");
  });
}
function handleRefundNotify(deps, parser, request) {
  return answer(deps, "refundNotify", request, async () => {
    const { resource } = await parser.parseRefund(request.headers, request.body);
    await applyRefund(deps, refundReportOf(resource), "notify");
  });
}
var NOTIFY_ACK, SIGNATURE_CODES, MALFORMED_CODES;
var init_pay_notify = __esm({
  "cloud/pay/pay-notify.ts"() {
    "use strict";
    init_errors3();
    init_error_label();
    init_fulfilment();
    init_payments();
    init_refunds();
    NOTIFY_ACK = { status: 204, body: "" };
    SIGNATURE_CODES = [
      "HEADER_MISSING",
      "HEADER_INVALID",
      "TIMESTAMP_EXPIRED",
      "SIGNTEST",
      "SIGNATURE_INVALID",
      "SERIAL_UNKNOWN"
    ];
    MALFORMED_CODES = ["ALGORITHM_UNSUPPORTED", "DECRYPT_FAILED", "NOTIFY_MALFORMED", "BODY_NOT_RAW"];
  }
});

// cloud/pay/reconcile.ts
async function eachLimited(items, limit, work) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
async function reconcile(deps, options = {}) {
  const { batch, staleAfterMs, requeryAfterMs, queryBudget, concurrency } = { ...RECONCILE_DEFAULTS, ...options };
  const summary = { expired: 0, paid: 0, queried: 0, verified: 0, refundsSettled: 0, fulfilled: 0, failures: 0 };
  const now = deps.env.now();
  const cmd = orderCommands(deps.db);
  const orders = ordersOf2(deps.db);
  const each = async (list, step, work, count, parallel = 1) => {
    await eachLimited(list, parallel, async (item) => {
      try {
        count(item, await work(item));
      } catch (error) {
        summary.failures++;
        deps.log.warn(`[pay._timing] ${step} of ${item._id} failed: ${errorLabel(error)}`);
      }
    });
  };
  const countPaid = (before, after) => {
    if (before.status === "NOTPAY" && PAID_STATUSES.includes(after.status)) summary.paid++;
  };
  const expired = await orders.where({ status: "NOTPAY", timeExpire: cmd.lt(now) }).orderBy("timeExpire", "asc").limit(batch).get();
  await each(expired.data, "expiry", (order) => expireOrder(deps, order), (before, after) => {
    if (after.status === "CLOSED") summary.expired++;
    countPaid(before, after);
  }, concurrency);
  const unpaid = await orders.where({ status: "NOTPAY", lastQueriedAt: cmd.lt(now - requeryAfterMs) }).orderBy("createdAt", "desc").limit(queryBudget).get();
  await each(unpaid.data, "query", async (order) => {
    if (summary.throttled) return order;
    summary.queried++;
    try {
      return await refreshUnpaidOrder(deps, order, { minIntervalMs: requeryAfterMs, by: "timing" });
    } catch (error) {
      if (isWxpayError(error, "UPSTREAM_ERROR") && error.status === 429) summary.throttled = true;
      throw error;
    }
  }, countPaid, concurrency);
  const unverified = await orders.where({ unverifiedTrades: cmd.gt(0), updatedAt: cmd.lt(now - staleAfterMs) }).orderBy("updatedAt", "asc").limit(batch).get();
  await each(unverified.data, "closed-trade check", (order) => verifyClosedTrades(deps, order), (before, after) => {
    for (const trade of Object.values(before.trades)) {
      const now2 = after.trades[trade.outTradeNo];
      if (trade.state === "CLOSED" && !trade.verified && (now2?.verified || now2?.state !== "CLOSED")) summary.verified++;
    }
    countPaid(before, after);
  }, concurrency);
  const refunds = await refundsToReconcile(deps, batch);
  await each(refunds, "refund", (refund) => reconcileRefund(deps, refund), (before, after) => {
    if (before.status !== after.status && ["SUCCESS", "CLOSED", "ABNORMAL", "REFUSED"].includes(after.status)) summary.refundsSettled++;
  });
  const pending = await orders.where({ "fulfilment.status": "pending", "fulfilment.leaseUntil": cmd.lt(deps.env.now()) }).orderBy("updatedAt", "asc").limit(batch).get();
  await each(pending.data, "fulfilment", (order) => runFulfilment(deps, order, { waitMs: 0 }), (_before, after) => {
    if (after.fulfilment.status === "done") summary.fulfilled++;
  });
  if (deps.shipping) summary.shipping = await reconcileShipping(deps, { batch });
  return summary;
}
var RECONCILE_DEFAULTS;
var init_reconcile = __esm({
  "cloud/pay/reconcile.ts"() {
    "use strict";
    init_error_label();
    init_errors3();
    init_fulfilment();
    init_orders();
    init_payments();
    init_refunds();
    init_shipping();
    RECONCILE_DEFAULTS = { batch: 100, staleAfterMs: 6e4, requeryAfterMs: QUERY_INTERVAL_MS, queryBudget: 1e3, concurrency: 8 };
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
var init_errors4 = __esm({
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
var invalid2;
var init_base64url = __esm({
  "node_modules/jose/dist/webapi/util/base64url.js"() {
    init_buffer_utils();
    invalid2 = "The input to be decoded is not correctly encoded.";
  }
});

// node_modules/jose/dist/webapi/lib/validate.js
function isObject2(input) {
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
  if (!isObject2(parsed))
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
    init_errors4();
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
  if (isObject2(key)) {
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
    init_errors4();
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
    init_errors4();
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
    init_errors4();
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
  if (!isObject2(claimsSet))
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
    init_errors4();
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
    init_errors4();
  }
});

// node_modules/jose/dist/webapi/index.js
var init_webapi = __esm({
  "node_modules/jose/dist/webapi/index.js"() {
    init_verify();
  }
});

// cloud/login/sessions.ts
function ensureWebCrypto() {
  const scope = globalThis;
  if (!scope.crypto) scope.crypto = import_node_crypto11.webcrypto;
}
function deriveKey(secret, purpose) {
  const id = `${purpose}
${secret}`;
  let key = keyCache.get(id);
  if (!key) {
    key = new Uint8Array((0, import_node_crypto11.createHmac)("sha256", secret).update(`uni-wx-kit/${purpose}/v1`).digest());
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
var import_node_crypto11, SESSIONS, ISSUER, MAX_TOKEN_LENGTH, keyCache, invalid3;
var init_sessions = __esm({
  "cloud/login/sessions.ts"() {
    "use strict";
    import_node_crypto11 = require("node:crypto");
    init_webapi();
    init_errors();
    init_db_commands();
    init_env();
    init_collections();
    SESSIONS = COLLECTIONS.sessions;
    ISSUER = "uni-wx-kit";
    MAX_TOKEN_LENGTH = 2048;
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
async function findUser(db, userId) {
  const { data } = await collection2(db).doc(userId).get();
  return data[0];
}
async function openidFor(db, userId, appid) {
  const own = await findUser(db, userId);
  if (own?.appid === appid) return own.openid;
  const { data } = await collection2(db).where({ linkedUserId: userId, appid }).limit(1).get();
  return data[0]?.openid;
}
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

// cloud/objects/pay/index.ts
var pay_exports = {};
__export(pay_exports, {
  default: () => pay_default
});
function composed(answer2) {
  return {
    mpserverlessComposedResponse: true,
    statusCode: answer2.status,
    headers: answer2.body ? { "content-type": "application/json; charset=utf-8" } : {},
    body: answer2.body
  };
}
function notifyRequest(context) {
  const http = context.getHttpInfo();
  if (!http) return void 0;
  const headers = {};
  for (const [name, value] of Object.entries(http.headers ?? {})) headers[name.toLowerCase()] = String(value);
  const body = http.isBase64Encoded ? Buffer.from(http.body ?? "", "base64").toString("utf8") : http.body ?? "";
  return { httpMethod: http.httpMethod ?? "", headers, body };
}
function appIdFor(channel) {
  if (channel === "miniprogram") return getConfig(["mp"]).mp.appId;
  if (channel === "jsapi") return getConfig(["officialAccount"]).officialAccount.appId;
  return getConfig(["wxpay"]).wxpay.appId;
}
async function tradeTarget(context, deps, userId, requested) {
  const clientInfo = context.getClientInfo();
  const channel = requested ?? (clientInfo.uniPlatform === "mp-weixin" ? "miniprogram" : void 0);
  if (!channel) throw new CloudError("PARAM_INVALID", "invalid parameter: channel", { fields: [{ field: "channel", reason: "required outside the mini program" }] });
  const appid = appIdFor(channel);
  let payerOpenid;
  if (channel === "miniprogram" || channel === "jsapi") {
    payerOpenid = await openidFor(deps.db, userId, appid);
    if (!payerOpenid) {
      throw new CloudError("PAYER_OPENID_MISSING", channel === "miniprogram" ? "log in through the mini program to pay there" : "log in through the WeChat browser to pay there");
    }
  }
  return { channel, appid, ...payerOpenid ? { payerOpenid } : {}, ...typeof clientInfo.clientIP === "string" ? { clientIP: clientInfo.clientIP } : {} };
}
async function withRefunds(db, orders) {
  const ids = orders.filter((o) => (o.refundRequests ?? 0) > 0 || (o.refundCount ?? 0) > 0).map((o) => o._id);
  const refunds = await refundsOfOrders(db, ids);
  return orders.map((order) => toOrderView(order, refunds));
}
var NAME, NOTIFY_METHODS, OrderId, CreateOrderInput, OrderIdInput, ListOrdersInput, PayOrderInput, RefundInput, pay_default;
var init_pay = __esm({
  "cloud/objects/pay/index.ts"() {
    "use strict";
    init_dist();
    init_cloud_object();
    init_config();
    init_errors();
    init_lifecycle();
    init_unicloud();
    init_validation();
    init_env();
    init_orders();
    init_wiring();
    init_payments();
    init_refund_records();
    init_trades();
    init_order_limits();
    init_pay_notify();
    init_pricing();
    init_reconcile();
    init_refunds();
    init_caller();
    init_users();
    NAME = "pay";
    NOTIFY_METHODS = /* @__PURE__ */ new Set(["notify", "refundNotify"]);
    OrderId = pipe(string(), minLength(1), maxLength(64));
    CreateOrderInput = object({
      items: pipe(
        array(
          object({
            productId: pipe(string(), minLength(1), maxLength(64)),
            quantity: pipe(number(), integer(), minValue(1), maxValue(MAX_LINE_QUANTITY))
          })
        ),
        minLength(1),
        maxLength(MAX_ORDER_LINES)
      ),
      channel: optional(picklist(PAY_CHANNELS))
    });
    OrderIdInput = object({ orderId: OrderId });
    ListOrdersInput = optional(
      object({
        /** One status, or several (我的订单's 退款 tab: partly and wholly refunded). */
        status: optional(union([picklist(ORDER_STATUSES), pipe(array(picklist(ORDER_STATUSES)), minLength(1), maxLength(ORDER_STATUSES.length))])),
        page: optional(pipe(number(), integer(), minValue(1), maxValue(100)), 1)
      }),
      {}
    );
    PayOrderInput = object({ orderId: OrderId, channel: optional(picklist(PAY_CHANNELS)) });
    RefundInput = object({
      orderId: OrderId,
      /** Fen; absent: everything left. */
      amount: optional(pipe(number(), integer(), minValue(1), maxValue(1e8))),
      reason: optional(pipe(string(), trim(), maxLength(REFUND_REASON_MAX_LENGTH)), "")
    });
    pay_default = defineCloudObject({
      async _before() {
        const method = this.getMethodName();
        if (NOTIFY_METHODS.has(method)) return;
        if (this.getClientInfo().source === "http") throw new CloudError("METHOD_NOT_FOUND", "not available over HTTP");
        const deps = { db: getUniCloud().database(), token: getConfig(["token"]).token, env: systemEnv };
        await authenticateCall(this, deps, kitTokenOf(this));
      },
      _after(error, result) {
        const method = this.getMethodName();
        if (NOTIFY_METHODS.has(method) && result?.mpserverlessComposedResponse !== true) {
          console.error(`[${NAME}.${method}] failed before answering`);
          return composed(notifyFailure(500, "processing failed, retry later"));
        }
        return normaliseAnswer(NAME, method, error, result);
      },
      /** Timer trigger (every 5 minutes): expire, reconcile and fulfil what notifies missed; upload shipping, poll receipts. */
      async _timing() {
        const summary = await reconcile(payDeps());
        console.log(`[${NAME}._timing] ${JSON.stringify(summary)}`);
        return summary;
      },
      /**
       * Create an order from `items` and answer what the client needs to pay on
       * `channel` (default: the mini program inside it). The server prices the
       * order from the catalogue; whatever amount a client sends is ignored.
       */
      async createOrder(input) {
        const { items, channel } = parseInput(CreateOrderInput, input);
        const { userId } = callerOf(this);
        const deps = payDeps();
        const target = await tradeTarget(this, deps, userId, channel);
        await admitOrderCreation(deps, userId, getConfig(["orderLimits"]).orderLimits);
        const { order, payment } = await placeOrder(deps, { userId, lines: items, ...target });
        return { orderId: order._id, amount: order.amount, payment };
      },
      /**
       * Pay an unpaid order (again) on `channel` (default: the mini program inside
       * it): the same channel reuses its trade, another closes it first. Answers
       * what the client needs to pay, or `paid: true` when it turned out paid.
       */
      async payOrder(input) {
        const { orderId, channel } = parseInput(PayOrderInput, input);
        const { userId } = callerOf(this);
        const deps = payDeps();
        const order = await findOwnOrder(deps.db, userId, orderId);
        const target = await tradeTarget(this, deps, userId, channel);
        try {
          const answer2 = await payOrder(deps, order, target, async (current, trade) => {
            const tx = await deps.gateway.queryOrderByOutTradeNo(trade.outTradeNo);
            return (await applyTransaction(deps, tx, "query", current)).order;
          });
          if ("paid" in answer2) return { orderId, amount: answer2.order.amount, paid: true };
          return { orderId, amount: answer2.order.amount, payment: answer2.payment };
        } catch (error) {
          throw asCloudError(error);
        }
      },
      /**
       * One of the caller's orders; while unpaid, WeChat Pay is asked (at most every 5 s).
       * `codeUrl`: an unpaid Native order's QR code content while it can still be
       * scanned, so a page reloaded while showing the QR code shows it again.
       */
      async getOrder(input) {
        const { orderId } = parseInput(OrderIdInput, input);
        const deps = payDeps();
        let order = await findOwnOrder(deps.db, callerOf(this).userId, orderId);
        if (order.status === "NOTPAY") {
          try {
            order = await refreshUnpaidOrder(deps, order);
          } catch (error) {
            log.warn(`[${NAME}.getOrder] query of order ${order._id} failed: ${error instanceof Error ? error.name : typeof error}`);
            order = await readOrder2(deps.db, order._id);
          }
        }
        const view3 = (await withRefunds(deps.db, [order]))[0];
        const codeUrl = pendingCodeUrl(order, deps.env.now());
        return codeUrl ? { order: view3, codeUrl } : { order: view3 };
      },
      /** The caller's orders, newest first, 10 per page. */
      async listOrders(input) {
        const { status, page } = parseInput(ListOrdersInput, input);
        const db = getUniCloud().database();
        const { orders, hasMore } = await listOwnOrders(db, callerOf(this).userId, { status, page });
        return { orders: await withRefunds(db, orders), hasMore };
      },
      /** Cancel an unpaid order (closed at WeChat Pay first; one paid meanwhile becomes PAID instead). */
      async closeOrder(input) {
        const { orderId } = parseInput(OrderIdInput, input);
        const deps = payDeps();
        const order = await findOwnOrder(deps.db, callerOf(this).userId, orderId);
        if (order.status === "CLOSED") return { order: toOrderView(order) };
        if (order.status !== "NOTPAY") throw new CloudError("ORDER_NOT_PAYABLE", "only an unpaid order can be closed");
        try {
          return { order: toOrderView(await closeUnpaidOrder(deps, order, "USER", "user")) };
        } catch (error) {
          throw asCloudError(error);
        }
      },
      /**
       * Ask for a refund of a paid order: `amount` fen (default: everything left)
       * and a reason. The merchant reviews it (payAdmin) unless the configured
       * policy approves it at once; the order's `refunds` show where it is.
       */
      async requestRefund(input) {
        const { orderId, amount, reason } = parseInput(RefundInput, input);
        const deps = payDeps();
        const order = await findOwnOrder(deps.db, callerOf(this).userId, orderId);
        const refund = await requestRefund(deps, order, { amount, reason }, getConfig(["refundPolicy"]).refundPolicy);
        return { order: (await withRefunds(deps.db, [await readOrder2(deps.db, orderId)]))[0], refund: toRefundView(refund) };
      },
      /** WeChat Pay's payment notify. Answers 204 only once the payment is applied and fulfilled. */
      async notify() {
        const request = notifyRequest(this);
        if (!request) return composed(notifyFailure(400, "HTTP only"));
        return composed(await handleTransactionNotify(payDeps(), wechatPay().notifyParser, request));
      },
      /** WeChat Pay's refund notify. */
      async refundNotify() {
        const request = notifyRequest(this);
        if (!request) return composed(notifyFailure(400, "HTTP only"));
        return composed(await handleRefundNotify(payDeps(), wechatPay().notifyParser, request));
      }
    });
  }
});

// cloud/objects/pay/pay-entry.js
module.exports = (init_pay(), __toCommonJS(pay_exports)).default;

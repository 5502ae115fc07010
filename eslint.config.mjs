import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'


/**
 * Import boundaries. Each cloud folder may reach only the folders listed (by a
 * relative `../<folder>/` import); the app and the emulators take nothing but
 * types from cloud/, and the WeChat emulator not even those: its protocol code
 * and crypto are its own, so a mistake in cloud/wxpay cannot hide by being mirrored.
 */
const CLOUD_MAY_IMPORT = {
  shared: [],
  formats: [],
  wxpay: ['shared'],
  wechat: ['shared'],
  catalog: ['shared'],
  login: ['shared', 'wechat'],
  pay: ['shared', 'wxpay', 'wechat', 'catalog'],
  files: ['shared', 'formats', 'catalog', 'pay'],
  merchant: ['shared', 'login', 'pay', 'catalog', 'wxpay', 'wechat', 'files', 'formats'],
}
const NO_EMULATORS = { regex: '(^|/)emulators(/|$)', message: 'cloud code never imports the local emulators.' }
const boundaries = [
  ...Object.entries(CLOUD_MAY_IMPORT).map(([folder, allowed]) => ({
    files: [`cloud/${folder}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_EMULATORS,
            {
              regex: allowed.length ? `^\\.\\./(?!(${allowed.join('|')})/)` : '^\\.\\./',
              message: `cloud/${folder} may import only from ${allowed.length ? allowed.map((f) => `cloud/${f}`).join(', ') : 'itself'}.`,
            },
            { regex: '^\\.\\./\\.\\./', message: 'stay inside cloud/.' },
          ],
        },
      ],
    },
  })),
  {
    files: ['cloud/objects/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [NO_EMULATORS] }] },
  },
  {
    files: ['src/**/*.{ts,vue}', 'App.vue', 'main.ts', 'emulators/unicloud/**/*.ts', 'emulators/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)cloud/', allowTypeImports: true, message: 'the app and the local runtime take only types from cloud/ (import type).' }] },
      ],
    },
  },
  {
    files: ['uni_modules/**/*.{ts,vue}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)cloud/', message: 'the plugin carries its contract in js_sdk/cloud-api.d.ts (npm run build:cloud): nothing from cloud/.' }] },
      ],
    },
  },
  {
    files: ['emulators/wechat/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)cloud/', message: 'the WeChat emulator keeps its own protocol code and crypto: nothing from cloud/.' }] },
      ],
    },
  },
]

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'unpackage/**',
      '.local/**',
      // generated bundles: checked for freshness by build:cloud --check instead
      'uni_modules/*/uniCloud/cloudfunctions/*/index.obj.js',
      'uni_modules/*/js_sdk/cloud-api.d.ts',
      // a third-party library copied unchanged (scripts/vendor-ucharts.ts)
      'uni_modules/*/pages/console/vendor/u-charts.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node, uni: 'readonly', uniCloud: 'readonly', wx: 'readonly', getCurrentPages: 'readonly', getApp: 'readonly' },
    },
    rules: {
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The app's typecheck includes Node types (it reads the cloud objects' sources for
    // their method types); the app itself must not use Node globals.
    files: ['src/**/*.{ts,vue}', 'uni_modules/**/*.{ts,vue}', 'App.vue', 'main.ts'],
    rules: {
      'no-restricted-globals': ['error', 'Buffer', '__dirname', 'require'],
    },
  },
  ...boundaries,
)

import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'unpackage/**',
      '.local/**',
      // generated bundles: checked for freshness by build:cloud --check instead
      'uniCloud-aliyun/cloudfunctions/*/index.obj.js',
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
    files: ['src/**/*.{ts,vue}', 'App.vue', 'main.ts'],
    rules: {
      'no-restricted-globals': ['error', 'Buffer', '__dirname', 'require'],
    },
  },
)

// Page tests with @dcloudio/uni-automator under jest 27. scripts/e2e.ts writes the
// launch options (UNI_AUTOMATOR_CONFIG) for the prebuilt H5; to drive the mini
// program in WeChat DevTools instead, see e2e/README.md.
module.exports = {
  rootDir: __dirname,
  testMatch: ['**/*.test.js'],
  testTimeout: 60000,
  globalTeardown: '@dcloudio/uni-automator/dist/teardown.js',
  testEnvironment: '@dcloudio/uni-automator/dist/environment.js',
  testEnvironmentOptions: {},
  reporters: ['default'],
}

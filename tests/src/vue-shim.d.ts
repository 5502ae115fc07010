// Lets the Node-side typecheck (tsconfig.node.json) import single-file components in component tests.
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

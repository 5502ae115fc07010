/**
 * The parts of WeChat's exparser (npm `miniprogram-exparser`, untyped) and of
 * j-component that the harness uses. Both run inside the sandbox realm.
 */

/** A node of an exparser tree: a component, a virtual node (block, wx:if, slot) or a text node. */
export interface ExparserNode {
  is?: string
  id?: string
  dataset?: Record<string, unknown>
  textContent?: string
  childNodes: ExparserNode[]
  parentNode?: ExparserNode | null
  shadowRoot?: ExparserNode
  /** The composed children: a component's shadow root, a slot's assigned nodes, or the child nodes. */
  __wxSlotChildren?: ExparserNode[]
  __virtual?: boolean
  triggerLifeTime(name: string, args?: unknown[]): void
  triggerPageLifeTime(name: string, args?: unknown[]): void
}

/** The `this` of a component's methods and lifetimes (j-component's method caller). */
export interface MethodCaller {
  data: Record<string, unknown>
  properties: Record<string, unknown>
  is: string
  setData(data: Record<string, unknown>, callback?: () => void): void
  triggerEvent(name: string, detail?: unknown, options?: { bubbles?: boolean; composed?: boolean; capturePhase?: boolean }): void
  [method: string]: unknown
}

export interface ExparserEvent {
  type: string
}

export interface Exparser {
  TextNode: abstract new (...args: never[]) => ExparserNode
  VirtualNode: abstract new (...args: never[]) => ExparserNode
  Component: abstract new (...args: never[]) => ExparserNode
  Element: {
    getMethodCaller(node: ExparserNode): MethodCaller
    pretendAttached(node: ExparserNode): void
    pretendDetached(node: ExparserNode): void
  }
  Event: {
    create(name: string, detail: unknown, options: Record<string, unknown>): ExparserEvent
    dispatchEvent(node: ExparserNode, event: ExparserEvent): void
  }
  createElement(tagName: string, definition: unknown): ExparserNode
}

/** A registered component in j-component's cache. */
export interface ComponentManager {
  id: string
  exparserDef: unknown
}

export interface JComponent {
  register(definition: Record<string, unknown>): string
  behavior(definition: Record<string, unknown>): string
}

export interface JComponentUtils {
  cache(id: string): ComponentManager | undefined
  getTagName(id: string): string | undefined
  dashToCamelCase(dash: string): string
}

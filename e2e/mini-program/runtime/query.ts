/**
 * Reading and touching a rendered page the way a user (or a UI test) does:
 * elements are found by what the page already marks (`data-test`), by their
 * text, tag, id or class, in the composed tree (components' own trees
 * included, `hidden` subtrees and removed `wx:if` branches excluded).
 */
import type { Exparser, ExparserNode, MethodCaller } from './exparser'

/** What to look for; every given field must match. */
export interface Selector {
  /** data-test attribute */
  test?: string
  /** the element's whole text, whitespace collapsed */
  text?: string
  /** a part of the element's text */
  textContains?: string
  /** built-in tag (view, button, text …) */
  tag?: string
  id?: string
  /** one class of the element */
  className?: string
  /** data-* attributes, by dataset key (data-product-id → productId) */
  data?: Record<string, string>
}

/** A selector given as a data-test value, or a full Selector. */
export type SelectorLike = string | Selector

/** Describe a selector for error messages. */
export function describe(selector: SelectorLike): string {
  return typeof selector === 'string' ? `[data-test=${selector}]` : JSON.stringify(selector)
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim()

/** Tree access for one renderer. */
export class TreeReader {
  constructor(
    private readonly exparser: Exparser,
    private readonly componentName: (node: ExparserNode) => string | undefined,
  ) {}

  isText(node: ExparserNode): boolean {
    return node instanceof this.exparser.TextNode
  }

  isElement(node: ExparserNode): boolean {
    return node instanceof this.exparser.Component
  }

  /** The instance behind a component node (its data holds the properties). */
  caller(node: ExparserNode): MethodCaller {
    return this.exparser.Element.getMethodCaller(node)
  }

  /** view, button … for built-ins; the component's file for custom components. */
  tagOf(node: ExparserNode): string {
    return this.componentName(node) ?? String(node.is)
  }

  isHidden(node: ExparserNode): boolean {
    if (!this.isElement(node)) return false
    const data = this.caller(node)?.data as { hidden?: unknown } | undefined
    return data?.hidden === true
  }

  children(node: ExparserNode): ExparserNode[] {
    return node.__wxSlotChildren ?? []
  }

  /** Text a user reads in the subtree. */
  text(node: ExparserNode): string {
    if (this.isText(node)) return node.textContent ?? ''
    if (this.isHidden(node)) return ''
    return this.children(node).map((child) => this.text(child)).join('')
  }

  /** Every visible element under `root`, document order. */
  elements(root: ExparserNode): ExparserNode[] {
    const out: ExparserNode[] = []
    const visit = (node: ExparserNode) => {
      if (this.isText(node) || this.isHidden(node)) return
      if (this.isElement(node) && node !== root) out.push(node)
      for (const child of this.children(node)) visit(child)
    }
    visit(root)
    return out
  }

  matches(node: ExparserNode, selector: Selector): boolean {
    if (selector.test !== undefined && node.dataset?.test !== selector.test) return false
    if (selector.tag !== undefined && this.tagOf(node) !== selector.tag) return false
    if (selector.data && Object.entries(selector.data).some(([key, value]) => String(node.dataset?.[key]) !== value)) return false
    if (selector.id !== undefined && node.id !== selector.id) return false
    if (selector.className !== undefined && !String((node as { class?: string }).class ?? '').split(/\s+/).includes(selector.className)) return false
    const text = selector.text !== undefined || selector.textContains !== undefined ? normalize(this.text(node)) : ''
    if (selector.text !== undefined && text !== normalize(selector.text)) return false
    if (selector.textContains !== undefined && !text.includes(normalize(selector.textContains))) return false
    return true
  }

  /** Matching elements; for text selectors only the innermost of nested matches (what a finger lands on). */
  findAll(root: ExparserNode, selectorLike: SelectorLike): ExparserNode[] {
    const selector = typeof selectorLike === 'string' ? { test: selectorLike } : selectorLike
    const found = this.elements(root).filter((node) => this.matches(node, selector))
    if (selector.text === undefined && selector.textContains === undefined) return found
    return found.filter((node) => !found.some((other) => other !== node && this.contains(node, other)))
  }

  contains(ancestor: ExparserNode, node: ExparserNode): boolean {
    return this.children(ancestor).some((child) => child === node || this.contains(child, node))
  }

  /** A user's tap: touchstart, touchend, then tap, each bubbling through component boundaries. */
  tap(node: ExparserNode): void {
    const touch = { identifier: 0, pageX: 0, pageY: 0, clientX: 0, clientY: 0 }
    const fire = (name: string, detail: unknown, touches: unknown[], changed: unknown[]) =>
      this.exparser.Event.dispatchEvent(
        node,
        this.exparser.Event.create(name, detail, { bubbles: true, composed: true, capturePhase: true, extraFields: { touches, changedTouches: changed } }),
      )
    fire('touchstart', {}, [touch], [touch])
    fire('touchend', {}, [], [touch])
    fire('tap', { x: 0, y: 0 }, [], [touch])
  }
}

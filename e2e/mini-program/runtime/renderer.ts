/**
 * Renders the build's pages and components with WeChat's own component
 * engine: j-component (WeChat's simulator of custom components) on
 * miniprogram-exparser (the engine of the base library), both run inside the
 * sandbox realm. What the harness adds around them:
 *   - the dynamic handler names of uni-app's output (wxml-handlers.ts);
 *   - page roots created without a DOM (j-component's own root needs one);
 *   - Page() pages, as WeChat builds them: components whose methods are the page's functions.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Exparser, ExparserNode, JComponent, JComponentUtils, MethodCaller } from './exparser'
import type { Sandbox } from './sandbox'
import { DISPATCHER_KINDS, dispatcherName, handlerDatasetKey, isHandlerDatasetKey, rewriteDynamicHandlers } from './wxml-handlers'

/** What the page stack learns from the renderer. */
export interface RendererHooks {
  /** An instance of `file` was created (before attached): pages get their route here. */
  created(caller: MethodCaller, file: string): void
  /** Something WeChat only warns about (an event bound to a method the component lacks …). */
  warn(message: string): void
}

/** A mounted page: its root node and the instance its methods run on. */
export interface Mounted {
  node: ExparserNode
  caller: MethodCaller
}

export interface Renderer {
  readonly exparser: Exparser
  /** Component(options) called by `file`'s code: register its WXML and JSON beside the options. */
  defineComponent(file: string, options: Record<string, unknown>): string
  /** Page(options) called by `file`'s code: a component whose methods are the page's functions. */
  definePage(file: string, options: Record<string, unknown>): string
  /** A built-in component (view, button …) with the behaviour the harness gives it. */
  defineBuiltin(name: string, definition: Record<string, unknown>): void
  /** A Behavior() definition. */
  defineBehavior(definition: Record<string, unknown>): string
  /** The build file (without extension) a registered component came from. */
  fileOf(componentId: string): string | undefined
  /** Create and attach the page defined by `file` (its JS must have run). */
  mount(file: string): Mounted
  /** Fire `ready` through the tree, children first. */
  ready(node: ExparserNode): void
  /** Detach a page (its components get `detached`). */
  unmount(node: ExparserNode): void
}

/** Load j-component and exparser into the sandbox and build the renderer. */
export function createRenderer(sandbox: Sandbox, root: string, hooks: RendererHooks): Renderer {
  const exparser = sandbox.requirePackage('miniprogram-exparser') as Exparser
  const jc = sandbox.requirePackage('j-component') as JComponent
  const utils = sandbox.requirePackage('j-component/src/tool/utils') as JComponentUtils
  const ids = new Map<string, string>()
  const files = new Map<string, string>()

  function readJson(file: string): { usingComponents?: Record<string, string>; component?: boolean } {
    return existsSync(`${file}.json`) ? JSON.parse(readFileSync(`${file}.json`, 'utf8')) : {}
  }

  function usingComponents(file: string, json: { usingComponents?: Record<string, string> }): Record<string, string> {
    const using: Record<string, string> = {}
    for (const [tag, ref] of Object.entries(json.usingComponents ?? {})) {
      if (/^plugin(-private)?:\/\//.test(ref)) throw new Error(`${path.relative(root, file)}: plugin component ${ref} is not simulated`)
      const target = ref.startsWith('/') ? path.join(root, ref) : path.resolve(path.dirname(file), ref)
      // WeChat runs a component's code the first time a page that uses it loads.
      if (!ids.has(target)) sandbox.require(`${target}.js`)
      const id = ids.get(target)
      if (!id) throw new Error(`${path.relative(root, target)}.js did not call Component()`)
      using[tag] = id
    }
    return using
  }

  function dispatchers(): Record<string, (this: MethodCaller, e: Record<string, unknown>) => unknown> {
    const methods: Record<string, (this: MethodCaller, e: Record<string, unknown>) => unknown> = {}
    for (const kind of DISPATCHER_KINDS) {
      methods[dispatcherName(kind)] = function dispatch(this: MethodCaller, e: Record<string, unknown>) {
        const type = String(e.type)
        const currentTarget = e.currentTarget as { dataset?: Record<string, unknown> }
        const name = currentTarget?.dataset?.[handlerDatasetKey(kind, type)]
        const handler = typeof name === 'string' ? this[name] : undefined
        if (typeof handler !== 'function') {
          hooks.warn(`component ${this.is} has no method "${String(name)}" for event "${type}"`)
          return undefined
        }
        return (handler as (e: unknown) => unknown).call(this, withoutHandlerKeys(e))
      }
    }
    return methods
  }

  function register(file: string, options: Record<string, unknown>): string {
    const relative = path.relative(root, file)
    const json = readJson(file)
    const template = existsSync(`${file}.wxml`) ? rewriteDynamicHandlers(readFileSync(`${file}.wxml`, 'utf8')) : ''
    const using = usingComponents(file, json)
    const created = options.created as ((this: MethodCaller) => void) | undefined
    const definition = {
      ...options,
      methods: { ...(options.methods as object), ...dispatchers() },
      created(this: MethodCaller) {
        hooks.created(this, file)
        created?.call(this)
      },
      template,
      usingComponents: using,
      path: relative,
      tagName: relative.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase(),
    }
    const id = jc.register(definition)
    ids.set(file, id)
    files.set(id, file)
    return id
  }

  return {
    exparser,
    defineComponent: register,
    definePage(file, options) {
      const methods: Record<string, unknown> = {}
      const fields: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(options)) {
        if (key === 'data') continue
        if (typeof value === 'function') methods[key] = value
        else fields[key] = value
      }
      return register(file, {
        data: options.data ?? {},
        methods,
        // Page() copies its other fields onto the page instance.
        created(this: MethodCaller) {
          Object.assign(this, sandbox.json(fields))
        },
      })
    },
    defineBuiltin(name, definition) {
      jc.register({ id: name, tagName: `wx-${name}`, template: '<slot/>', ...definition })
    },
    defineBehavior: (definition) => jc.behavior(definition),
    fileOf: (id) => files.get(id),
    mount(file) {
      const id = ids.get(file)
      const manager = id ? utils.cache(id) : undefined
      if (!id || !manager) throw new Error(`${path.relative(root, file)} is not a registered page`)
      const node = exparser.createElement(utils.getTagName(id) ?? id, manager.exparserDef)
      exparser.Element.pretendAttached(node)
      return { node, caller: exparser.Element.getMethodCaller(node) }
    },
    ready(node) {
      const visit = (current: ExparserNode) => {
        if (current.shadowRoot) visit(current.shadowRoot)
        for (const child of current.childNodes ?? []) if (!(child instanceof exparser.TextNode)) visit(child)
        if (current instanceof exparser.Component) current.triggerLifeTime('ready')
      }
      visit(node)
    },
    unmount(node) {
      exparser.Element.pretendDetached(node)
    },
  }
}

function withoutHandlerKeys(e: Record<string, unknown>): Record<string, unknown> {
  const clean = (target: unknown) => {
    if (!target || typeof target !== 'object') return target
    const t = target as { dataset?: Record<string, unknown> }
    const dataset = Object.fromEntries(Object.entries(t.dataset ?? {}).filter(([key]) => !isHandlerDatasetKey(key)))
    return { ...t, dataset }
  }
  return { ...e, target: clean(e.target), currentTarget: clean(e.currentTarget) }
}

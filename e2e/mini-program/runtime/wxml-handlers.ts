/**
 * uni-app's Vue 3 output binds every event to a handler NAME held in data
 * (`bindtap="{{a}}"`, the name an `e.o(fn)` call answered at render time).
 * WeChat resolves such names per render; j-component reads the attribute
 * once, at template parse, as a literal method name. So the harness rewrites
 * each dynamic binding into a fixed dispatcher method plus a data attribute
 * carrying the current name, which j-component does update on every render:
 *
 *   bindtap="{{a}}"  →  bindtap="__mph_bind" data-mph-bind-x746170="{{a}}"
 *
 * The dispatcher reads the name from the listening node's dataset and calls
 * that method, with the `mph` dataset keys removed from the event it passes on.
 */

/** Binding prefixes WXML knows, and the dispatcher method of each. */
const KINDS: Record<string, string> = {
  bind: 'bind',
  catch: 'catch',
  'capture-bind': 'capturebind',
  'capture-catch': 'capturecatch',
  'mut-bind': 'mutbind',
}

/** The dispatcher method name for a binding kind slug. */
export function dispatcherName(kind: string): string {
  return `__mph_${kind}`
}

/** Every dispatcher slug, for defining the methods. */
export const DISPATCHER_KINDS = Object.values(KINDS)

/** Hex of the UTF-8 event name: survives the lowercasing j-component applies to data- attribute names. */
export function eventHex(event: string): string {
  return Buffer.from(event, 'utf8').toString('hex')
}

/** The data- attribute that carries the handler name of (kind, event). */
export function handlerAttribute(kind: string, event: string): string {
  return `data-mph-${kind}-x${eventHex(event)}`
}

/** The dataset key j-component derives from handlerAttribute (it upper-cases a letter after each dash). */
export function handlerDatasetKey(kind: string, event: string): string {
  return `mph${kind[0].toUpperCase()}${kind.slice(1)}X${eventHex(event)}`
}

/** True for dataset keys the rewrite added (hidden from the app's events). */
export function isHandlerDatasetKey(key: string): boolean {
  return /^mph(Bind|Catch|Capturebind|Capturecatch|Mutbind)X[0-9a-f]+$/.test(key)
}

const BINDING = /(\s)((?:capture-|mut-)?(?:bind|catch)):?([A-Za-z0-9_-]+)="\{\{([^"]*?)\}\}"/g

/** Rewrite the dynamic event bindings of a WXML template (static `bindtap="name"` bindings are kept). */
export function rewriteDynamicHandlers(wxml: string): string {
  return wxml.replace(BINDING, (whole, space: string, prefix: string, event: string, expression: string) => {
    const kind = KINDS[prefix]
    if (!kind) return whole
    return `${space}${prefix}:${event}="${dispatcherName(kind)}" ${handlerAttribute(kind, event)}="{{${expression}}}"`
  })
}

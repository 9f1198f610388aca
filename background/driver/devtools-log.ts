import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import type { Send } from './input';

/**
 * Console entries and network requests of a tab, recorded from CDP events while Steward is
 * attached, kept bounded, and handed out once (read_console and read_network report what is new).
 */
const MAX_ENTRIES = 500;
const MAX_LINE = 500;

interface TabLog {
  console: string[];
  network: string[];
  requests: Map<string, { method: string; url: string; started: number; status?: number; mimeType?: string }>;
  droppedConsole: number;
  droppedNetwork: number;
}

const logs = new Map<number, TabLog>();

function logOf(tabId: number): TabLog {
  let log = logs.get(tabId);
  if (!log) logs.set(tabId, (log = { console: [], network: [], requests: new Map(), droppedConsole: 0, droppedNetwork: 0 }));
  return log;
}

function push(list: string[], line: string): boolean {
  list.push(line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line);
  if (list.length <= MAX_ENTRIES) return false;
  list.shift();
  return true;
}

function remoteValue(arg: Record<string, unknown>): string {
  if ('value' in arg) return typeof arg.value === 'string' ? arg.value : JSON.stringify(arg.value);
  return String(arg.description ?? arg.type ?? '');
}

/** Feeds one CDP event of the tab into its log. */
export function recordDevtoolsEvent(tabId: number, method: string, params: Record<string, unknown>): void {
  const log = logOf(tabId);
  if (method === 'Runtime.consoleAPICalled') {
    const args = (params.args as Array<Record<string, unknown>> | undefined) ?? [];
    const frame = ((params.stackTrace as { callFrames?: Array<{ url: string; lineNumber: number }> } | undefined)?.callFrames ?? [])[0];
    const where = frame?.url ? ` (${frame.url}:${frame.lineNumber + 1})` : '';
    if (push(log.console, `[${String(params.type)}] ${args.map(remoteValue).join(' ')}${where}`)) log.droppedConsole++;
  } else if (method === 'Runtime.exceptionThrown') {
    const details = params.exceptionDetails as { text?: string; exception?: { description?: string }; url?: string; lineNumber?: number } | undefined;
    const text = details?.exception?.description ?? details?.text ?? 'Uncaught exception';
    if (push(log.console, `[exception] ${text}${details?.url ? ` (${details.url}:${(details.lineNumber ?? 0) + 1})` : ''}`)) log.droppedConsole++;
  } else if (method === 'Log.entryAdded') {
    const entry = params.entry as { level: string; text: string; url?: string } | undefined;
    if (entry && push(log.console, `[${entry.level}] ${entry.text}${entry.url ? ` (${entry.url})` : ''}`)) log.droppedConsole++;
  } else if (method === 'Network.requestWillBeSent') {
    const request = params.request as { method: string; url: string };
    log.requests.set(String(params.requestId), { method: request.method, url: request.url, started: Number(params.timestamp) });
  } else if (method === 'Network.responseReceived') {
    const entry = log.requests.get(String(params.requestId));
    const response = params.response as { status: number; mimeType: string };
    if (entry) Object.assign(entry, { status: response.status, mimeType: response.mimeType });
  } else if (method === 'Network.loadingFinished' || method === 'Network.loadingFailed') {
    const id = String(params.requestId);
    const entry = log.requests.get(id);
    if (!entry) return;
    log.requests.delete(id);
    const ms = Math.round((Number(params.timestamp) - entry.started) * 1000);
    const outcome = method === 'Network.loadingFailed' ? `failed ${String(params.errorText ?? '')}`.trim() : `${entry.status ?? '-'} ${entry.mimeType ?? ''}`.trim();
    if (push(log.network, `${entry.method} ${outcome} ${ms}ms ${entry.url.startsWith('data:') ? 'data:…' : entry.url}`)) log.droppedNetwork++;
  }
}

/** The entries recorded since the last call, with a note when older ones were dropped. */
export function drainConsole(tabId: number): string[] {
  const log = logOf(tabId);
  const lines = log.console.splice(0);
  if (log.droppedConsole) lines.unshift(`(${log.droppedConsole} older entries were dropped)`);
  log.droppedConsole = 0;
  return lines;
}

export function drainNetwork(tabId: number): string[] {
  const log = logOf(tabId);
  const lines = log.network.splice(0);
  if (log.droppedNetwork) lines.unshift(`(${log.droppedNetwork} older requests were dropped)`);
  log.droppedNetwork = 0;
  return lines;
}

export function forgetTab(tabId: number): void {
  logs.delete(tabId);
}

/** Runs a script in the page, for the javascript tool, and says what it returned or threw. */
export async function evaluateInPage(send: Send, expression: string): Promise<string> {
  const result = await send<{ result: { type: string; value?: unknown; description?: string }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
    'Runtime.evaluate',
    { expression, returnByValue: true, awaitPromise: true, userGesture: true, timeout: 10_000, replMode: true },
  );
  if (result.exceptionDetails) {
    throw new ToolError(`The script threw: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
  }
  const { value, type, description } = result.result;
  if (type === 'undefined') return 'undefined';
  if (value === undefined) return description ?? type;
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/**
 * A local stand-in for the Anthropic Messages API, for end-to-end tests: the
 * real SDK and the real extension run against it, only the model is scripted.
 * Every wire shape is typed with the SDK's own types so a SDK upgrade that
 * changes the format breaks compilation here instead of silently diverging.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  BetaBrowserToolUseBlock,
  BetaContentBlock,
  BetaMessage,
  BetaMessageDeltaUsage,
  BetaRawMessageStreamEvent,
  BetaTextBlock,
  BetaToolUseBlock,
  BetaUsage,
  MessageCreateParamsBase,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { BetaModelInfo } from '@anthropic-ai/sdk/resources/beta/models';
import type { ErrorResponse, ErrorType } from '@anthropic-ai/sdk/resources/shared';
import { ALIGNMENT_TOOL } from '../../src/policy/alignment';
import { PromptCache } from './prompt-cache';

/** The SDK exports the request body of `beta.messages.create` only under this name. */
export type BetaMessageCreateParams = MessageCreateParamsBase;

export type ScriptedCall = { name: string; input: Record<string, unknown> };
export type ScriptReply =
  | { kind: 'tool_use'; calls: ScriptedCall[]; text?: string }
  | { kind: 'custom_tool_use'; calls: ScriptedCall[]; text?: string }
  /** A final answer; with `pause`, the stream stops after its first text chunk until `pause` resolves. */
  | { kind: 'text'; text: string; pause?: Promise<void> }
  | { kind: 'error'; status: number; errorType: string; message: string; retryAfterSeconds?: number }
  | { kind: 'reset_mid_stream'; text: string }
  | { kind: 'malformed_sse' };

/**
 * The answer to an alignment check (src/policy/alignment.ts): a verdict, an answer that is not one
 * (a tool call whose input does not fit), or an API error.
 */
export type AlignmentReply =
  | { kind: 'verdict'; aligned: boolean; reason: string }
  | { kind: 'malformed' }
  | Extract<ScriptReply, { kind: 'error' }>;
export type AlignmentScript = (request: BetaMessageCreateParams, check: { index: number }) => AlignmentReply | Promise<AlignmentReply>;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON (a BetaMessageCreateParams for /v1/messages), the raw text if it was not JSON, undefined if empty. */
  body: any;
  at: number;
  /** For answered /v1/messages requests: the usage the mock billed, and when the answer was fully sent. */
  usage?: BetaUsage;
  respondedAt?: number;
}

export type Script = (
  request: BetaMessageCreateParams,
  turn: { index: number },
) => ScriptReply | Promise<ScriptReply>;

export interface MockAnthropic {
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
  /** The agent's requests; alignment checks are apart, so scripted turns count as they always did. */
  messageRequests(): RecordedRequest[];
  /** The alignment checks' requests, in order. */
  alignmentRequests(): RecordedRequest[];
  setScript(script: Script): void;
  /** How alignment checks are answered; by default every action is aligned. */
  setAlignmentScript(script: AlignmentScript): void;
  waitForMessageRequests(count: number, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export interface MockAnthropicOptions {
  apiKey?: string;
  port?: number;
  host?: string;
}

const DEFAULT_API_KEY = 'sk-ant-mock-0000';
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_WAIT_MS = 10_000;
// Screenshots travel base64-encoded inside the conversation, so bodies get big.
const MAX_BODY_BYTES = 50 * 1024 * 1024;
const TEXT_CHUNKS = 3;
const BROWSER_TOOLSET: BetaBrowserToolUseBlock['toolset_name'] = 'browser';
const MODEL_IDS = ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5'] as const;

const defaultScript: Script = () => ({ kind: 'text', text: 'OK' });
const defaultAlignmentScript: AlignmentScript = () => ({ kind: 'verdict', aligned: true, reason: 'The action serves the task.' });

export async function startMockAnthropic(options: MockAnthropicOptions = {}): Promise<MockAnthropic> {
  const mock = new MockAnthropicServer(options.apiKey ?? DEFAULT_API_KEY);
  await mock.listen(options.port ?? 0, options.host ?? DEFAULT_HOST);
  return mock;
}

type TurnReply = Extract<ScriptReply, { kind: 'text' | 'tool_use' | 'custom_tool_use' }>;
type Route = 'messages' | 'model' | 'models';
type IdKind = 'msg' | 'toolu' | 'req';

interface Waiter {
  count: number;
  settle(error?: Error): void;
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
}

class MockAnthropicServer implements MockAnthropic {
  url = '';
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private script: Script = defaultScript;
  private alignmentScript: AlignmentScript = defaultAlignmentScript;
  private readonly waiters = new Set<Waiter>();
  // Ids stay unique for the server's whole life, across reset(), so a test can
  // never confuse a tool_use id of one scenario with another's.
  private readonly counters: Record<IdKind, number> = { msg: 0, toolu: 0, req: 0 };
  /** Prompt caching across the server's requests, accounted as the API does (see prompt-cache.ts). */
  private cache = new PromptCache();
  /** The alignment checks' own, so they never change what the agent's turns are billed. */
  private alignmentCache = new PromptCache();

  constructor(readonly apiKey: string) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const { port: bound } = this.server.address() as AddressInfo;
        this.url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
        resolve();
      });
    });
  }

  messageRequests(): RecordedRequest[] {
    return this.requests.filter(isMessageRequest);
  }

  alignmentRequests(): RecordedRequest[] {
    return this.requests.filter(isAlignmentRequest);
  }

  setScript(script: Script): void {
    this.script = script;
  }

  setAlignmentScript(script: AlignmentScript): void {
    this.alignmentScript = script;
  }

  waitForMessageRequests(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (this.messageRequests().length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter.settle(new Error(`Timed out after ${timeoutMs} ms waiting for ${count} /v1/messages requests; got ${this.messageRequests().length}`));
      }, timeoutMs);
      const waiter: Waiter = {
        count,
        settle: (error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          if (error) reject(error);
          else resolve();
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Turn indexes derive from the recorded requests, so clearing them restarts the turns too. */
  reset(): void {
    this.requests.length = 0;
    this.cache = new PromptCache();
    this.alignmentCache = new PromptCache();
  }

  async close(): Promise<void> {
    for (const waiter of [...this.waiters]) waiter.settle(new Error('Mock Anthropic server closed'));
    // Keep-alive sockets of the SDK's fetch would otherwise hold close() open.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const exchange: Exchange = { req, res, requestId: this.nextId('req') };
    try {
      await this.route(exchange);
    } catch (error) {
      // Once headers are out, a failure means the client went away mid-stream: nothing left to tell it.
      if (res.headersSent) return void res.destroy();
      console.error('[mock-anthropic] request failed:', error);
      sendError(exchange, 500, 'api_error', `Mock server error: ${errorMessage(error)}`);
    }
  }

  private async route(exchange: Exchange): Promise<void> {
    const { req } = exchange;
    const path = new URL(req.url ?? '/', 'http://mock').pathname;
    const raw = await readBody(req);
    const body = raw === 'too_large' ? undefined : parseBody(raw);
    const recorded = this.record(req, path, body);
    // Taken now, before any await, so it is this request's position in messageRequests().
    const turn = { index: this.messageRequests().length - 1 };
    if (raw === 'too_large') {
      return sendError(exchange, 413, 'request_too_large', `Request exceeds the maximum size of ${MAX_BODY_BYTES} bytes`);
    }
    const route = matchRoute(recorded.method, path);
    if (!route) return sendError(exchange, 404, 'not_found_error', `Not found: ${recorded.method} ${path}`);
    if (!this.isAuthorized(req.headers)) return sendError(exchange, 401, 'authentication_error', 'invalid x-api-key');
    if (route === 'model') return sendJson(exchange, 200, modelInfo(decodeURIComponent(path.slice('/v1/models/'.length))));
    if (route === 'models') return sendJson(exchange, 200, modelsPage());
    await this.answerMessages(exchange, body, turn, recorded);
    recorded.respondedAt = Date.now();
  }

  private record(req: IncomingMessage, path: string, body: unknown): RecordedRequest {
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path, headers: { ...req.headers }, body, at: Date.now() };
    this.requests.push(recorded);
    if (isMessageRequest(recorded)) this.notifyWaiters();
    return recorded;
  }

  private notifyWaiters(): void {
    const received = this.messageRequests().length;
    for (const waiter of [...this.waiters]) if (received >= waiter.count) waiter.settle();
  }

  private isAuthorized(headers: IncomingHttpHeaders): boolean {
    return headers.authorization === `Bearer ${this.apiKey}` || headers['x-api-key'] === this.apiKey;
  }

  private async answerMessages(exchange: Exchange, body: unknown, turn: { index: number }, recorded: RecordedRequest): Promise<void> {
    const problem = paramsProblem(body);
    if (problem) return sendError(exchange, 400, 'invalid_request_error', problem);
    const params = body as BetaMessageCreateParams;
    if (isAlignmentRequest(recorded)) return this.answerAlignment(exchange, params, recorded);

    let reply: ScriptReply;
    try {
      reply = await this.script(params, turn);
    } catch (error) {
      return scriptFailure(exchange, `Mock script threw on turn ${turn.index}: ${errorMessage(error)}`, error);
    }
    const misuse = replyProblem(reply, params);
    if (misuse) return scriptFailure(exchange, `Mock script reply on turn ${turn.index} is unusable: ${misuse}`);
    return this.sendReply(exchange, params, reply, recorded);
  }

  private async answerAlignment(exchange: Exchange, params: BetaMessageCreateParams, recorded: RecordedRequest): Promise<void> {
    const index = this.alignmentRequests().length - 1;
    let reply: AlignmentReply;
    try {
      reply = await this.alignmentScript(params, { index });
    } catch (error) {
      return scriptFailure(exchange, `Mock alignment script threw on check ${index}: ${errorMessage(error)}`, error);
    }
    if (reply.kind === 'error') return sendError(exchange, reply.status, reply.errorType, reply.message, retryAfterHeaders(reply.retryAfterSeconds));
    const input = reply.kind === 'verdict' ? { aligned: reply.aligned, reason: reply.reason } : { aligned: 'perhaps' };
    const message = this.buildMessage(params, { kind: 'custom_tool_use', calls: [{ name: ALIGNMENT_TOOL, input }] }, this.alignmentCache);
    recorded.usage = message.usage;
    return sendJson(exchange, 200, message);
  }

  private async sendReply(exchange: Exchange, params: BetaMessageCreateParams, reply: ScriptReply, recorded: RecordedRequest): Promise<void> {
    switch (reply.kind) {
      case 'error':
        return sendError(exchange, reply.status, reply.errorType, reply.message, retryAfterHeaders(reply.retryAfterSeconds));
      case 'reset_mid_stream':
        return resetMidStream(exchange, this.buildMessage(params, { kind: 'text', text: reply.text }));
      case 'malformed_sse':
        return sendMalformedStream(exchange, this.buildMessage(params, { kind: 'text', text: '' }));
      default: {
        const message = this.buildMessage(params, reply);
        recorded.usage = message.usage;
        const pause = reply.kind === 'text' ? reply.pause : undefined;
        return params.stream ? streamMessage(exchange, message, pause) : sendJson(exchange, 200, message);
      }
    }
  }

  private buildMessage(params: BetaMessageCreateParams, reply: TurnReply, cache = this.cache): BetaMessage {
    const content = this.buildContent(reply);
    return {
      id: this.nextId('msg'),
      type: 'message',
      role: 'assistant',
      model: params.model,
      content,
      stop_reason: reply.kind === 'text' ? 'end_turn' : 'tool_use',
      stop_sequence: null,
      stop_details: null,
      container: null,
      context_management: null,
      diagnostics: null,
      usage: computeUsage(params, content, cache),
    };
  }

  private buildContent(reply: TurnReply): BetaContentBlock[] {
    if (reply.kind === 'text') return [textBlock(reply.text)];
    const lead = reply.text ? [textBlock(reply.text)] : [];
    return [...lead, ...reply.calls.map((call) => this.toolUseBlock(call, reply.kind === 'tool_use'))];
  }

  private toolUseBlock(call: ScriptedCall, inBrowserToolset: boolean): BetaToolUseBlock {
    const block: BetaToolUseBlock = { type: 'tool_use', id: this.nextId('toolu'), name: call.name, input: call.input };
    return inBrowserToolset ? { ...block, toolset_name: BROWSER_TOOLSET } : block;
  }

  private nextId(kind: IdKind): string {
    this.counters[kind] += 1;
    return `${kind}_mock_${this.counters[kind]}`;
  }
}

// ---------------------------------------------------------------------------
// Request side

function isMessageRequest(request: RecordedRequest): boolean {
  return request.method === 'POST' && request.path === '/v1/messages' && !isAlignmentRequest(request);
}

/** An alignment check: it offers (and forces) the verdict tool. */
function isAlignmentRequest(request: RecordedRequest): boolean {
  const tools = (request.body as { tools?: unknown } | undefined)?.tools;
  return request.method === 'POST' && request.path === '/v1/messages' && Array.isArray(tools) && tools.some((tool: { name?: unknown }) => tool?.name === ALIGNMENT_TOOL);
}

function matchRoute(method: string, path: string): Route | undefined {
  if (method === 'POST' && path === '/v1/messages') return 'messages';
  if (method === 'GET' && path === '/v1/models') return 'models';
  if (method === 'GET' && /^\/v1\/models\/[^/]+$/.test(path)) return 'model';
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Drain the whole upload even when too large: answering early would make the client see EPIPE instead of a 413.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? 'too_large' : Buffer.concat(chunks);
}

function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Just enough validation to turn a broken client request into the API's 400 instead of a script crash. */
function paramsProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'request body must be a JSON object';
  const params = body as Partial<Record<keyof BetaMessageCreateParams, unknown>>;
  if (typeof params.model !== 'string') return 'model: Field required';
  if (typeof params.max_tokens !== 'number') return 'max_tokens: Field required';
  if (!Array.isArray(params.messages)) return 'messages: Field required';
  return undefined;
}

function replyProblem(reply: ScriptReply, params: BetaMessageCreateParams): string | undefined {
  const streamingOnly = reply.kind === 'reset_mid_stream' || reply.kind === 'malformed_sse';
  if (streamingOnly && !params.stream) return `'${reply.kind}' needs a streaming request (stream: true)`;
  if ((reply.kind === 'tool_use' || reply.kind === 'custom_tool_use') && reply.calls.length === 0) {
    return `'${reply.kind}' needs at least one call`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Response bodies

function textBlock(text: string): BetaTextBlock {
  return { type: 'text', text, citations: null };
}

/**
 * The one place usage is computed: deterministic estimates (4 characters per
 * token) so tests can assert on them. Prompt-cache accounting belongs here.
 */
function computeUsage(params: BetaMessageCreateParams, content: BetaContentBlock[], cache: PromptCache): BetaUsage {
  const account = cache.account(params);
  return {
    input_tokens: account.input,
    output_tokens: estimateTokens(content),
    cache_creation_input_tokens: account.cacheWrite,
    cache_read_input_tokens: account.cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: account.cacheWrite, ephemeral_1h_input_tokens: 0 },
    fallback_credit: null,
    inference_geo: null,
    iterations: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: 'standard',
  };
}

function estimateTokens(value: unknown): number {
  return Math.max(1, Math.ceil((JSON.stringify(value) ?? '').length / 4));
}

function modelInfo(id: string): BetaModelInfo {
  return {
    id,
    type: 'model',
    display_name: `Mock ${id}`,
    created_at: '2026-01-01T00:00:00Z',
    allowed_fallback_models: null,
    capabilities: null,
    deprecated_at: null,
    lifecycle: 'active',
    line: null,
    max_input_tokens: 200_000,
    max_tokens: 64_000,
    retires_at: null,
  };
}

function modelsPage(): { data: BetaModelInfo[]; has_more: boolean; first_id: string | null; last_id: string | null } {
  const data = MODEL_IDS.map(modelInfo);
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

function retryAfterHeaders(seconds: number | undefined): Record<string, string> {
  return seconds === undefined ? {} : { 'retry-after': String(seconds) };
}

// ---------------------------------------------------------------------------
// Writing responses

function sendJson(exchange: Exchange, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  exchange.res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'request-id': exchange.requestId,
    ...headers,
  });
  exchange.res.end(text);
}

/** The SDK picks its error class from the status and reads `error.message` for the text. */
function sendError(exchange: Exchange, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  const body: Omit<ErrorResponse, 'error'> & { error: { type: ErrorType | (string & {}); message: string } } = {
    type: 'error',
    error: { type, message },
    request_id: exchange.requestId,
  };
  sendJson(exchange, status, body, headers);
}

/** A broken script is a test bug: fail loudly, and tell the SDK not to retry so the script is not re-run. */
function scriptFailure(exchange: Exchange, message: string, cause?: unknown): void {
  console.error(`[mock-anthropic] ${message}`, ...(cause instanceof Error ? [cause.stack] : []));
  sendError(exchange, 500, 'api_error', message, { 'x-should-retry': 'false' });
}

function startEventStream(exchange: Exchange): void {
  exchange.res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': exchange.requestId,
  });
}

function sseFrame(event: BetaRawMessageStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Waits for each frame to be handed to the socket, so the client really receives the stream in pieces. */
function write(res: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => res.write(chunk, (error) => (error ? reject(error) : resolve())));
}

async function writeEvents(res: ServerResponse, events: Iterable<BetaRawMessageStreamEvent>): Promise<void> {
  for (const event of events) await write(res, sseFrame(event));
}

async function streamMessage(exchange: Exchange, message: BetaMessage, pause?: Promise<void>): Promise<void> {
  startEventStream(exchange);
  let paused = false;
  for (const event of messageEvents(message)) {
    await write(exchange.res, sseFrame(event));
    if (pause && !paused && event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
      paused = true;
      await pause;
    }
  }
  exchange.res.end();
}

/** message_start, the text block's start and its first delta, then the connection dies. */
async function resetMidStream(exchange: Exchange, message: BetaMessage): Promise<void> {
  startEventStream(exchange);
  await writeEvents(exchange.res, [...messageEvents(message)].slice(0, 3));
  exchange.res.destroy();
}

async function sendMalformedStream(exchange: Exchange, message: BetaMessage): Promise<void> {
  startEventStream(exchange);
  await writeEvents(exchange.res, [...messageEvents(message)].slice(0, 1));
  // A frame cut off in the middle of its JSON, as a broken proxy might deliver it.
  await write(exchange.res, 'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":\n\n');
  exchange.res.end();
}

// ---------------------------------------------------------------------------
// The streaming event sequence

function* messageEvents(message: BetaMessage): Generator<BetaRawMessageStreamEvent> {
  // As on the wire: the start carries no content or stop reason yet, and a token of output so far.
  yield {
    type: 'message_start',
    message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } },
  };
  for (const [index, block] of message.content.entries()) yield* blockEvents(index, block);
  yield {
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: null, stop_details: null, container: null },
    usage: deltaUsage(message.usage),
    context_management: null,
  };
  yield { type: 'message_stop' };
}

function* blockEvents(index: number, block: BetaContentBlock): Generator<BetaRawMessageStreamEvent> {
  if (block.type === 'text') {
    yield { type: 'content_block_start', index, content_block: { ...block, text: '' } };
    for (const text of splitChunks(block.text, TEXT_CHUNKS)) {
      yield { type: 'content_block_delta', index, delta: { type: 'text_delta', text } };
    }
  } else if (block.type === 'tool_use') {
    yield { type: 'content_block_start', index, content_block: { ...block, input: {} } };
    // "{}" is the shortest possible input, so there are always at least two partial chunks.
    for (const partial_json of splitChunks(JSON.stringify(block.input), TEXT_CHUNKS)) {
      yield { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } };
    }
  } else {
    throw new Error(`The mock cannot stream a '${block.type}' block`);
  }
  yield { type: 'content_block_stop', index };
}

function deltaUsage(usage: BetaUsage): BetaMessageDeltaUsage {
  return {
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens,
    cache_read_input_tokens: usage.cache_read_input_tokens,
    fallback_credit: null,
    iterations: null,
    output_tokens_details: null,
    server_tool_use: null,
  };
}

/** Splits on code points, never inside a surrogate pair, into at most `parts` non-empty pieces. */
function splitChunks(text: string, parts: number): string[] {
  const chars = Array.from(text);
  const size = Math.ceil(chars.length / parts);
  const chunks: string[] = [];
  for (let start = 0; start < chars.length; start += size) chunks.push(chars.slice(start, start + size).join(''));
  return chunks;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

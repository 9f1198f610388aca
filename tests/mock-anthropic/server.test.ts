import Anthropic from '@anthropic-ai/sdk';
import type {
  BetaMessageParam,
  BetaRawMessageStreamEvent,
  BetaToolUseBlock,
  MessageCreateParamsNonStreaming,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { countToolResults, findRef, lastToolResults, toolResultImages, toolResultText, userText } from './conversation';
import { alignmentRequest, MalformedVerdict, parseVerdict } from '../../src/policy/alignment';
import { startMockAnthropic, type MockAnthropic } from './server';

const MODEL = 'claude-sonnet-5-5';
const TASK = 'Sign me up with ada@example.com';
const SNAPSHOT = [
  'main "Sign up" [ref_1]',
  '  form [ref_2]',
  '    textbox "Email" [ref_3] required',
  '    combobox "Plan" [ref_4] value="basic"',
  '    checkbox "I agree to the \\"Terms\\"" [ref_5]',
  '    button "Submit" [ref_6]',
].join('\n');
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

let mock: MockAnthropic;
let client: Anthropic;

beforeAll(async () => {
  mock = await startMockAnthropic();
  client = new Anthropic({ apiKey: mock.apiKey, baseURL: mock.url, maxRetries: 0 });
});

afterEach(() => {
  mock.reset();
  mock.setScript(() => ({ kind: 'text', text: 'OK' }));
  vi.restoreAllMocks();
});

afterAll(async () => {
  await mock.close();
});

function params(messages: BetaMessageParam[] = [{ role: 'user', content: TASK }]): MessageCreateParamsNonStreaming {
  return { model: MODEL, max_tokens: 1024, messages, tools: [{ type: 'browser_toolset_20260801' }] };
}

function toolUses(content: readonly { type: string }[]): BetaToolUseBlock[] {
  return content.filter((block): block is BetaToolUseBlock => block.type === 'tool_use');
}

describe('streaming', () => {
  it('delivers text through the text event and finalMessage()', async () => {
    const answer = 'Done: you are signed up with ada@example.com.';
    mock.setScript(() => ({ kind: 'text', text: answer }));

    const stream = client.beta.messages.stream(params());
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    const message = await stream.finalMessage();

    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(answer);
    expect(message.content).toEqual([{ type: 'text', text: answer, citations: null }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.id).toMatch(/^msg_mock_\d+$/);
    expect(message.model).toBe(MODEL);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(1);
    expect(message.usage.cache_read_input_tokens).toBe(0);
  });

  it('streams a browser tool_use whose input is parsed and toolset_name kept', async () => {
    const input = { target: { type: 'ref', ref: 'ref_6' } };
    mock.setScript(() => ({ kind: 'tool_use', text: 'Submitting the form.', calls: [{ name: 'left_click', input }] }));

    const stream = client.beta.messages.stream(params());
    const events: BetaRawMessageStreamEvent[] = [];
    stream.on('streamEvent', (event) => events.push(event));
    const message = await stream.finalMessage();

    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Submitting the form.' });
    const [call] = toolUses(message.content);
    expect(call).toMatchObject({ type: 'tool_use', name: 'left_click', input, toolset_name: 'browser' });
    expect(call?.id).toMatch(/^toolu_mock_\d+$/);

    const start = events.find((event) => event.type === 'content_block_start' && event.index === 1);
    expect(start).toMatchObject({ content_block: { type: 'tool_use', input: {}, toolset_name: 'browser' } });
    const partials = events.filter((event) => event.type === 'content_block_delta' && event.delta.type === 'input_json_delta');
    expect(partials.length).toBeGreaterThanOrEqual(2);
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start', ...Array(3).fill('content_block_delta'), 'content_block_stop',
      'content_block_start', ...Array(partials.length).fill('content_block_delta'), 'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('rejects when the connection resets mid-stream, after part of the text arrived', async () => {
    const answer = 'This answer never finishes arriving.';
    mock.setScript(() => ({ kind: 'reset_mid_stream', text: answer }));

    const stream = client.beta.messages.stream(params());
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));

    await expect(stream.finalMessage()).rejects.toBeInstanceOf(Anthropic.AnthropicError);
    expect(deltas.join('')).not.toBe('');
    expect(answer.startsWith(deltas.join(''))).toBe(true);
    expect(deltas.join('')).not.toBe(answer);
  });

  it('rejects on a malformed SSE event', async () => {
    // The SDK logs the unparsable frame through its logger; keep test output clean.
    const quiet = new Anthropic({ apiKey: mock.apiKey, baseURL: mock.url, maxRetries: 0, logLevel: 'off' });
    mock.setScript(() => ({ kind: 'malformed_sse' }));
    const stream = quiet.beta.messages.stream(params());
    await expect(stream.finalMessage()).rejects.toThrow(/JSON/);
  });
});

describe('non-streaming', () => {
  it('answers create() with a whole message, custom tools without toolset_name', async () => {
    mock.setScript(() => ({
      kind: 'custom_tool_use',
      calls: [
        { name: 'ask_user', input: { question: 'Which plan?' } },
        { name: 'remember', input: { note: 'plan unknown' } },
      ],
    }));

    const message = await client.beta.messages.create(params());

    expect(message.stop_reason).toBe('tool_use');
    const calls = toolUses(message.content);
    expect(calls.map((call) => call.name)).toEqual(['ask_user', 'remember']);
    expect(calls[0]?.input).toEqual({ question: 'Which plan?' });
    expect(calls.every((call) => !('toolset_name' in call))).toBe(true);
    expect(new Set(calls.map((call) => call.id)).size).toBe(2);
  });
});

describe('errors', () => {
  it('rejects a wrong key with AuthenticationError', async () => {
    const stranger = new Anthropic({ apiKey: 'sk-ant-wrong', baseURL: mock.url, maxRetries: 0 });
    await expect(stranger.beta.messages.create(params())).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it('surfaces a scripted 429 as RateLimitError with its retry-after', async () => {
    mock.setScript(() => ({ kind: 'error', status: 429, errorType: 'rate_limit_error', message: 'Slow down', retryAfterSeconds: 7 }));

    const error = await client.beta.messages.create(params()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const rateLimit = error as InstanceType<typeof Anthropic.RateLimitError>;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.message).toContain('Slow down');
    expect(rateLimit.headers.get('retry-after')).toBe('7');
    expect(rateLimit.requestID).toMatch(/^req_mock_\d+$/);
  });

  it('turns a throwing script into a 500 api_error carrying its message', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    mock.setScript(() => {
      throw new Error('no step for this turn');
    });

    const error = await client.beta.messages.create(params()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect((error as Error).message).toContain('no step for this turn');
    expect(logged).toHaveBeenCalled();
  });

  it('answers an unknown path with 404 not_found_error', async () => {
    const response = await fetch(`${mock.url}/v1/nowhere`, { headers: { 'x-api-key': mock.apiKey } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});

describe('models', () => {
  it('retrieves a model', async () => {
    const model = await client.models.retrieve(MODEL);
    expect(model).toMatchObject({ id: MODEL, type: 'model' });
    expect(model.display_name).toEqual(expect.any(String));
    expect(Date.parse(model.created_at)).not.toBeNaN();
  });

  it('lists models in one page', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain(MODEL);
  });
});

describe('recording', () => {
  it('records requests with the Bearer key and the API version', async () => {
    await client.beta.messages.create(params());

    const [request] = mock.messageRequests();
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/messages');
    expect(request?.headers.authorization).toBe(`Bearer ${mock.apiKey}`);
    expect(request?.headers['anthropic-version']).toBe('2026-10-21');
    expect(request?.body).toMatchObject({ model: MODEL, messages: [{ role: 'user', content: TASK }] });
  });

  it('accepts x-api-key as well as Bearer', async () => {
    const response = await fetch(`${mock.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'x-api-key': mock.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify(params()),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'OK' }] });
  });

  it('waits for message requests by event and times out', async () => {
    const arrived = mock.waitForMessageRequests(2);
    await client.beta.messages.create(params());
    await client.beta.messages.create(params());
    await expect(arrived).resolves.toBeUndefined();
    await expect(mock.waitForMessageRequests(3, 50)).rejects.toThrow(/3 \/v1\/messages requests; got 2/);
  });

  it('numbers turns from 0 and restarts after reset()', async () => {
    const seen: number[] = [];
    mock.setScript((_request, turn) => {
      seen.push(turn.index);
      return { kind: 'text', text: 'OK' };
    });
    await client.beta.messages.create(params());
    await client.beta.messages.create(params());
    mock.reset();
    await client.beta.messages.create(params());
    expect(seen).toEqual([0, 1, 0]);
    expect(mock.messageRequests()).toHaveLength(1);
  });
});

describe('alignment checks', () => {
  const check = () =>
    client.beta.messages.create({ ...alignmentRequest('Add a notebook to the cart', undefined, { member: 'left_click', site: 'shop.example', target: { role: 'button', name: 'Delete account' } }), model: 'claude-haiku-5-5', stream: false });
  afterEach(() => mock.setAlignmentScript(() => ({ kind: 'verdict', aligned: true, reason: 'The action serves the task.' })));

  it('answers aligned by default, apart from the scripted turns, with usage', async () => {
    mock.setScript(() => expect.fail('an alignment check reached the conversation script'));
    const message = await check();
    expect(parseVerdict(message)).toEqual({ aligned: true, reason: 'The action serves the task.' });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(mock.messageRequests()).toHaveLength(0);
    expect(mock.alignmentRequests()).toHaveLength(1);
  });

  it('plays a scripted "not aligned" verdict, a malformed answer and an error', async () => {
    mock.setAlignmentScript((request) => (JSON.stringify(request.messages).includes('Delete account') ? { kind: 'verdict', aligned: false, reason: 'The user did not ask to delete anything.' } : { kind: 'malformed' }));
    expect(parseVerdict(await check())).toEqual({ aligned: false, reason: 'The user did not ask to delete anything.' });
    mock.setAlignmentScript(() => ({ kind: 'malformed' }));
    const malformed = await check();
    expect(() => parseVerdict(malformed)).toThrow(MalformedVerdict);
    mock.setAlignmentScript(() => ({ kind: 'error', status: 529, errorType: 'overloaded_error', message: 'Overloaded' }));
    await expect(check()).rejects.toBeInstanceOf(Anthropic.APIError);
  });
});

describe('conversation helpers', () => {
  it('let a script read the previous tool_result and pick the next step', async () => {
    mock.setScript((request) => {
      if (countToolResults(request) === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
      const [result] = lastToolResults(request);
      if (!result) throw new Error('expected a tool_result');
      expect(userText(request)).toBe(TASK);
      expect(toolResultImages(result)).toHaveLength(1);
      const ref = findRef(toolResultText(result), 'textbox', 'Email');
      return { kind: 'tool_use', calls: [{ name: 'type', input: { target: { type: 'ref', ref }, text: 'ada@example.com' } }] };
    });

    const first = await client.beta.messages.stream(params()).finalMessage();
    const [readPage] = toolUses(first.content);
    if (!readPage) throw new Error('expected read_page');
    const second = await client.beta.messages
      .stream(
        params([
          { role: 'user', content: TASK },
          { role: 'assistant', content: [{ type: 'tool_use', id: readPage.id, name: readPage.name, input: readPage.input, toolset_name: 'browser' }] },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: readPage.id,
                toolset_name: 'browser',
                content: [
                  { type: 'text', text: SNAPSHOT },
                  { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL_PNG } },
                  { type: 'browser_state', tabs: [{ tab_id: '1', title: 'Sign up', url: 'http://localhost/signup', active: true }] },
                ],
              },
            ],
          },
        ]),
      )
      .finalMessage();

    expect(toolUses(second.content)[0]?.input).toEqual({ target: { type: 'ref', ref: 'ref_3' }, text: 'ada@example.com' });
  });

  it('findRef matches role and exact name, including escaped quotes', () => {
    expect(findRef(SNAPSHOT, 'button', 'Submit')).toBe('ref_6');
    expect(findRef(SNAPSHOT, 'combobox', 'Plan')).toBe('ref_4');
    expect(findRef(SNAPSHOT, 'checkbox', 'I agree to the "Terms"')).toBe('ref_5');
    expect(findRef(SNAPSHOT, 'main', 'Sign up')).toBe('ref_1');
  });

  it('findRef throws quoting the snapshot when nothing matches', () => {
    expect(() => findRef(SNAPSHOT, 'button', 'Cancel')).toThrow(/"button".*"Cancel"[\s\S]*textbox "Email" \[ref_3\]/);
    expect(() => findRef(SNAPSHOT, 'textbox', 'Emai')).toThrow(/no element/);
    expect(() => findRef('x'.repeat(5_000), 'button', 'Go')).toThrow(/…\(truncated\)$/);
  });

  it('toolResultText reads string content and joins text blocks', () => {
    expect(toolResultText({ type: 'tool_result', tool_use_id: 't', content: 'plain' })).toBe('plain');
    expect(toolResultText({ type: 'tool_result', tool_use_id: 't' })).toBe('');
    expect(lastToolResults(params())).toEqual([]);
  });
});

import type { Text } from '../i18n/words';
import type { TraceDraft } from '../routines/trace';
import type { BetaToolResultBlockParam } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { withoutOldImages } from '../agent/context';
import { describeToolTarget } from '../agent/describe';
import { resultImage, resultText } from '../agent/tool-results';
import { clipOutcome, endRecord } from './record';
import type { AlignmentVerdict } from '../policy/alignment-check';
import { addUsage, type Price, type ResponseUsage } from '../model/pricing';
import type { PanelPush } from '../protocol/panel';
import type { Approval, Plan, TaskView, ToolEntry } from '../protocol/task';
import type { TaskRecord } from '../store/tasks';
import type { SessionHost } from './host';
import type { TaskEnd } from './record';
import { type Answer, approvalOf, canTakeOver, type Question, questionToolUseId, sameQuestion } from './questions';
import { taskView, type Transient } from './view';

export type { TaskEnd } from './record';

/** What others (the routine runner, the wiring) hear of a session, after its record is written. */
export type SessionEvent =
  | { type: 'asked'; session: TaskSession; approval: Approval }
  | { type: 'answered'; session: TaskSession }
  | { type: 'acting'; session: TaskSession; acting: boolean }
  | { type: 'finished'; session: TaskSession };

/** What a session needs from the registry that holds it. */
export interface SessionOutput {
  host: SessionHost;
  /** Whether the panels of the task's window show this task. */
  shown(session: TaskSession): boolean;
  emit(event: SessionEvent): void;
  /** Something began or stopped waiting for the user: the toolbar mark follows. */
  waitingChanged(): Promise<void>;
  /** The task ended: it leaves the running tasks at once, before its end is written. */
  ended(session: TaskSession): void;
}

/** A timeline entry's time and text for a call. */
type ToolUse = { id: string; name: string; input: unknown };

/**
 * One task, from start to end. The session alone owns the task's record: every change goes through
 * one of its transitions, and one writer persists the record and then publishes the panel's view,
 * in order. A question waits here, persisted, so it survives a worker restart: asked again under the
 * same id, it takes an answer that came while the restarted task was on its way back to it.
 */
export class TaskSession {
  readonly #record: TaskRecord;
  readonly #out: SessionOutput;
  readonly #controller = new AbortController();
  readonly #transient: Transient = {};
  #writes: Promise<void> = Promise.resolve();
  #streaming: { id: string; text: string } | undefined;
  /** Questions are asked one at a time: a download can ask while another question waits. */
  #asking: Promise<void> = Promise.resolve();
  #answerNow: ((answer: Answer) => void) | undefined;
  #resumeNow: (() => void) | undefined;
  /** What the user answered while a resumed task was still on its way back to its question. */
  #early: { answer?: { questionId: string; answer: Answer } | undefined; resume?: boolean } = {};
  /** Navigations the page started by itself and the guard stopped, for the model to read with the next results. */
  #stoppedNavigations: string[] = [];

  constructor(record: TaskRecord, out: SessionOutput) {
    this.#record = record;
    this.#out = out;
  }

  get id(): string {
    return this.#record.id;
  }
  get windowId(): number {
    return this.#record.tabs.windowId;
  }
  /** The record, to read. Only the session's transitions change it (the loop state and tabs excepted, below). */
  get record(): Readonly<TaskRecord> {
    return this.#record;
  }
  /** The loop's state: `runAgentLoop` advances it in place and calls `loopAdvanced`. */
  get loop(): TaskRecord['loop'] {
    return this.#record.loop;
  }
  /**
   * A routine run's trace as the recorder builds it (src/routines/recorder.ts): kept in place, and
   * persisted with the loop's step. Undefined for a task the user typed: only routines replay.
   */
  traceDraft(): TraceDraft | undefined {
    if (!this.#record.unattended) return undefined;
    return (this.#record.traceDraft ??= { steps: [] });
  }
  /** The task's tabs: the driver keeps them in place and calls `tabsChanged`. */
  get tabs(): TaskRecord['tabs'] {
    return this.#record.tabs;
  }
  /** Aborted when the task stops. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }
  get running(): boolean {
    return this.#record.status === 'running';
  }
  /** Whether the task waits for the user: a question, or "Resume" after "Take over". */
  get waiting(): boolean {
    return this.#record.question !== undefined || this.#record.takenOver !== undefined;
  }

  view(): TaskView {
    return taskView(this.#record, this.#transient);
  }

  /** Whether the task waited on the user for this call when it was last written: it is asked again, not reported interrupted. */
  waitingOn(toolUseId: string): boolean {
    const { question, takenOver } = this.#record;
    return (question !== undefined && questionToolUseId(question.question) === toolUseId) || takenOver?.toolUseId === toolUseId;
  }

  // Transitions: the model and the tools

  /** The first write of a task that has just been created. */
  start(): Promise<void> {
    return this.#commit();
  }

  async toolStarted(toolUse: ToolUse): Promise<void> {
    if (this.signal.aborted) return;
    this.#record.entries.push(this.#toolEntry(toolUse));
    await this.#commit();
    this.#out.emit({ type: 'acting', session: this, acting: true });
  }

  async toolEnded(toolUse: ToolUse, result: BetaToolResultBlockParam): Promise<void> {
    this.#out.emit({ type: 'acting', session: this, acting: false });
    let entry = this.#record.entries.find((e): e is ToolEntry => e.kind === 'tool' && e.id === toolUse.id);
    if (!entry) {
      // Answered without running (interrupted by a restart, or skipped after a failure).
      entry = this.#toolEntry(toolUse);
      this.#record.entries.push(entry);
    }
    entry.status = result.is_error ? 'error' : 'ok';
    entry.outcome = clipOutcome(resultText(result), toolUse.name);
    entry.endedAt = this.#out.host.now();
    const image = resultImage(result);
    if (image) {
      const thumbnail = await this.#out.host.thumbnail(image.data, image.mediaType).catch(() => undefined);
      if (thumbnail) entry.thumbnail = thumbnail;
    }
    if (!this.signal.aborted) await this.#commit();
  }

  /** Names the element a step acts on, from what the policy looked at; written when the step ends. */
  nameElement(toolUseId: string, element: { role: string; name: string } | undefined): void {
    if (!element || element.role === 'frame') return;
    const entry = this.#record.entries.find((candidate) => candidate.kind === 'tool' && candidate.id === toolUseId);
    if (entry?.kind === 'tool') entry.element = { role: element.role, name: element.name.replace(/\s+/g, ' ').trim().slice(0, 80) };
  }

  /** A piece of the model's text as it streams: shown now, stored with the turn. */
  streamText(delta: string): void {
    if (this.signal.aborted) return;
    if (!this.#streaming) {
      // The first piece opens the entry, so the panel never shows an empty message.
      this.#streaming = { id: `${this.id}:assistant:${this.#record.loop.steps}:${this.#out.host.now()}`, text: delta };
      this.#record.entries.push({ kind: 'assistant', id: this.#streaming.id, text: delta });
      this.#publish();
      return;
    }
    const streaming = this.#streaming;
    streaming.text += delta;
    const entry = this.#record.entries.find((e) => e.id === streaming.id);
    if (entry?.kind === 'assistant') entry.text = streaming.text;
    this.#push({ type: 'task.text', taskId: this.id, entryId: streaming.id, delta });
  }

  /** The stream broke and the turn starts again: its text so far goes. */
  streamReset(): void {
    const streaming = this.#streaming;
    if (streaming) this.#record.entries = this.#record.entries.filter((entry) => entry.id !== streaming.id);
    this.#streaming = undefined;
    this.#publish();
  }

  /** What the task waits for right now; shown, never stored. */
  setNotice(notice: Text | undefined): void {
    if (this.#transient.notice === notice) return;
    this.#transient.notice = notice;
    this.#publish();
  }

  get notice(): Text | undefined {
    return this.#transient.notice;
  }

  /** A model turn ended: its tokens count. */
  modelAnswered(usage: ResponseUsage, price: Price): Promise<void> {
    this.#streaming = undefined;
    this.#record.usage = addUsage(this.#record.usage, usage, price);
    return this.#commit();
  }

  /** An alignment check ran (or failed): it counts as a call, its tokens as usage, its verdict is kept. */
  alignmentChecked(check: { usage?: ResponseUsage | undefined; price: Price; verdict?: { key: string; verdict: AlignmentVerdict } | undefined }): Promise<void> {
    const alignment = (this.#record.alignment ??= { verdicts: {}, calls: 0 });
    alignment.calls += 1;
    if (check.usage) this.#record.usage = addUsage(this.#record.usage, check.usage, check.price);
    if (check.verdict) alignment.verdicts[check.verdict.key] = check.verdict.verdict;
    return this.#commit();
  }

  /** The loop took a step: written before the next. Screenshots older than the latest few are never sent again, nor kept. */
  loopAdvanced(): Promise<void> {
    this.#record.loop.messages = withoutOldImages(this.#record.loop.messages);
    return this.#commit();
  }

  tabsChanged(): Promise<void> {
    return this.#commit();
  }

  /** The user approved Claude's plan: its sites become the task's. */
  planApproved(plan: Plan): Promise<void> {
    this.#record.plan = plan;
    return this.#commit();
  }

  /** "Always allow on this site": false when the site was already allowed. */
  async allowSite(site: string): Promise<boolean> {
    if (this.#record.allowedSites.includes(site)) return false;
    this.#record.allowedSites.push(site);
    await this.#commit();
    return true;
  }

  /** A navigation the guard stopped: shown in the timeline now, and told to the model with the next results. */
  navigationStopped(tabId: number, url: string, reason: string): void {
    if (this.signal.aborted) return;
    const now = this.#out.host.now();
    const shown = url.length > 200 ? `${url.slice(0, 199)}…` : url;
    const id = `${this.id}:navigation:${this.#out.host.newId()}`;
    this.#record.entries.push({ kind: 'tool', id, member: 'page_navigation', target: shown, status: 'error', outcome: `Stopped: ${reason}`, startedAt: now, endedAt: now });
    this.#stoppedNavigations.push(`Steward: the page in tab ${tabId} tried to go to ${shown} by itself, and Steward stopped it: ${reason} Do not try to reach it another way.`);
    void this.#commit();
  }

  /** The notes about stopped navigations the model has not read yet; reading them empties the list. */
  takeNavigationNotes(): string[] {
    return this.#stoppedNavigations.splice(0);
  }

  // Transitions: the user

  /** Asks the user and waits, persisted, for the answer, after any question already on screen. */
  ask(question: Question): Promise<Answer> {
    const turn = this.#asking.then(() => this.#askNow(question));
    this.#asking = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** The user's answer to the pending question; false when that question is no longer pending. */
  answer(questionId: string, answer: Answer): boolean {
    const pending = this.#record.question;
    if (pending?.id !== questionId) return false;
    if (answer.takeOver && !canTakeOver(pending.question)) return false;
    if (this.#answerNow) this.#answerNow(answer);
    else this.#early.answer = { questionId, answer };
    return true;
  }

  /**
   * "Take over": the page is the user's until "Resume" (the caller has let go of it). The wait is
   * persisted, so it survives a restart; a task resumed with the user in control waits again.
   */
  async takeOver(toolUseId: string): Promise<void> {
    this.#record.takenOver ??= { toolUseId, since: this.#out.host.now() };
    await this.#commit();
    await this.#out.waitingChanged();
    try {
      await new Promise<void>((resolve, reject) => {
        if (this.#early.resume) return resolve();
        this.#resumeNow = resolve;
        this.signal.addEventListener('abort', () => reject(this.signal.reason), { once: true });
      });
    } finally {
      this.#resumeNow = undefined;
      this.#early.resume = false;
      this.#record.takenOver = undefined;
      await this.#out.waitingChanged();
      if (this.running) await this.#commit();
    }
  }

  /** "Resume" after "Take over": false when the task is not waiting for it. */
  resume(): boolean {
    if (!this.#record.takenOver) return false;
    if (this.#resumeNow) this.#resumeNow();
    else this.#early.resume = true;
    return true;
  }

  /** Stop: the loop and any question are aborted, and the task ends as stopped, saying why when Steward stopped it. */
  stop(reason?: Text): void {
    if (this.signal.aborted) return;
    this.#controller.abort(new DOMException('Stopped by the user', 'AbortError'));
    void this.finish({ status: 'stopped', error: reason });
  }

  fail(error: Text): Promise<void> {
    return this.finish({ status: 'error', error });
  }

  /** Ends the task once: no question pending, running steps marked stopped, and a transcript without screenshots. */
  async finish(end: TaskEnd): Promise<void> {
    const record = this.#record;
    if (record.status !== 'running') return;
    if (end.status === 'done') {
      // The final answer is shown apart: the same text as the last message is not shown twice.
      const last = record.entries.at(-1);
      if (last?.kind === 'assistant' && last.text.trim() === end.finalAnswer) record.entries.pop();
    }
    endRecord(record, end, this.#out.host.now());
    this.#transient.notice = undefined;
    this.#out.ended(this);
    await this.#commit();
    this.#out.emit({ type: 'finished', session: this });
  }

  /**
   * A question asked again after a restart keeps its card (and id), so an answer to it still counts.
   * The answer clears the question, and the routine runner hears of both.
   */
  async #askNow(question: Question): Promise<Answer> {
    if (this.signal.aborted) throw this.signal.reason;
    const before = this.#record.question && sameQuestion(this.#record.question.question, question) ? this.#record.question : undefined;
    const pending = { id: before?.id ?? this.#out.host.newId(), requestedAt: before?.requestedAt ?? this.#out.host.now(), question };
    this.#record.question = pending;
    await this.#commit();
    await this.#out.waitingChanged();
    this.#out.emit({ type: 'asked', session: this, approval: approvalOf(pending) });
    try {
      return await new Promise<Answer>((resolve, reject) => {
        const early = this.#early.answer;
        this.#early.answer = undefined;
        if (early?.questionId === pending.id) return resolve(early.answer);
        this.#answerNow = resolve;
        this.signal.addEventListener('abort', () => reject(this.signal.reason), { once: true });
      });
    } finally {
      this.#answerNow = undefined;
      this.#record.question = undefined;
      await this.#out.waitingChanged();
      if (this.running) {
        await this.#commit();
        this.#out.emit({ type: 'answered', session: this });
      }
    }
  }

  #toolEntry(toolUse: ToolUse): ToolEntry {
    return { kind: 'tool', id: toolUse.id, member: toolUse.name, target: describeToolTarget(toolUse.name, toolUse.input), status: 'running', startedAt: this.#out.host.now() };
  }

  /**
   * The one writer: the record is written, then the panels hear of it. Writes are chained, so an
   * older state never lands after a newer one, and a push never overtakes the write before it.
   */
  #commit(): Promise<void> {
    const snapshot = structuredClone(this.#record);
    const view = taskView(snapshot, { ...this.#transient });
    const write = this.#writes.then(async () => {
      await this.#out.host.persist(snapshot).catch((error: unknown) => console.error('Steward could not save the task', error));
      if (this.#out.shown(this)) this.#out.host.publish(this.windowId, { type: 'task.state', task: view });
    });
    this.#writes = write;
    return write;
  }

  /** Shows what is not stored (streamed text, a notice) in turn with the writes. */
  #publish(): void {
    this.#push({ type: 'task.state', task: structuredClone(this.view()) });
  }

  #push(push: PanelPush): void {
    this.#writes = this.#writes.then(() => {
      if (this.#out.shown(this)) this.#out.host.publish(this.windowId, push);
    });
  }
}

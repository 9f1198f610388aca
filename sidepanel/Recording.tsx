import { useState } from 'preact/hooks';
import { request } from './api';

/** The composer's "Record" switch: off for every new task unless the user turns it on. */
export function RecordToggle({ checked, disabled, onChange }: { checked: boolean; disabled: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label class="record-toggle" title="Keep a screenshot of each action of this task, to export as a GIF">
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.currentTarget.checked)} /> Record
    </label>
  );
}

/** "Export recording" on a finished recorded task: its screenshots as an animated GIF, made here and downloaded. */
export function ExportRecording({ taskId }: { taskId: string }) {
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  async function exportGif() {
    setBusy(true);
    setStatus('Making the GIF…');
    try {
      const { frames, truncated } = await request({ type: 'recording.frames', taskId });
      if (frames.length === 0) {
        setStatus('Nothing was recorded: the task took no action.');
        return;
      }
      // The encoder loads only when someone exports.
      const { recordingToGif } = await import('./gif-export');
      const url = URL.createObjectURL(await recordingToGif(frames));
      const link = document.createElement('a');
      link.href = url;
      link.download = `steward-recording-${taskId}.gif`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setStatus(`Exported ${frames.length} step${frames.length === 1 ? '' : 's'}${truncated ? ' (the recording stopped at its limit)' : ''}.`);
    } catch (error) {
      setStatus(`Could not export the recording: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="recording">
      <button type="button" disabled={busy} onClick={() => void exportGif()}>
        Export recording
      </button>
      <span role="status">{status}</span>
    </div>
  );
}

/** Where a recorded frame sits in the GIF: frames of another size (the window was resized) are fitted, not stretched. */
export function fitFrame(frame: { width: number; height: number }, canvas: { width: number; height: number }): { x: number; y: number; scale: number } {
  const scale = Math.min(canvas.width / frame.width, canvas.height / frame.height);
  return { x: (canvas.width - frame.width * scale) / 2, y: (canvas.height - frame.height * scale) / 2, scale };
}

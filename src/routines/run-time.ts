/** A run time as the user reads it, in the routine's zone: "Mon, 30 Nov 2026, 09:00 CET". */
export function formatRunTime(date: Date, timeZone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale ?? 'en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date);
}

import { type MessageKey, msg, type Words, words } from '../i18n/words';

/**
 * Sites where an action changes something that matters (money, messages, health, identity): every
 * action that changes something there waits for the user's yes, in every mode. By category, so
 * the user can see why a site is on it; matched on the registrable domain and its subdomains.
 */
export const SENSITIVE_SITES = {
  banking: ['chase.com', 'bankofamerica.com', 'wellsfargo.com', 'citi.com', 'hsbc.com', 'barclays.co.uk', 'santander.com', 'bnpparibas', 'ing.com', 'revolut.com', 'monzo.com', 'n26.com', 'capitalone.com', 'usbank.com'],
  payments: ['paypal.com', 'stripe.com', 'wise.com', 'venmo.com', 'cash.app', 'pay.google.com', 'checkout.shopify.com', 'klarna.com', 'adyen.com'],
  'brokerage and crypto': ['fidelity.com', 'schwab.com', 'vanguard.com', 'robinhood.com', 'etrade.com', 'interactivebrokers.com', 'coinbase.com', 'binance.com', 'kraken.com'],
  'email and messaging': ['mail.google.com', 'outlook.live.com', 'outlook.office.com', 'mail.yahoo.com', 'proton.me', 'slack.com', 'web.whatsapp.com', 'messenger.com', 'teams.microsoft.com', 'discord.com', 'web.telegram.org'],
  health: ['mychart.org', 'patient.info', 'healthcare.gov', 'nhs.uk', 'kaiserpermanente.org', 'zocdoc.com'],
  'government and tax': ['irs.gov', 'gov.uk', 'ssa.gov', 'usa.gov', 'impots.gouv.fr', 'elster.de', 'canada.ca', 'service.gov.uk'],
  'password managers': ['1password.com', 'bitwarden.com', 'lastpass.com', 'dashlane.com', 'keepersecurity.com'],
} as const satisfies Record<string, readonly string[]>;

/** Each category's name, as the approval card gives it ("a sensitive site (banking)"). */
const CATEGORY_NAMES: Record<keyof typeof SENSITIVE_SITES, MessageKey> = {
  banking: msg('category_banking'),
  payments: msg('category_payments'),
  'brokerage and crypto': msg('category_brokerage'),
  'email and messaging': msg('category_messaging'),
  health: msg('category_health'),
  'government and tax': msg('category_government'),
  'password managers': msg('category_passwords'),
};

/** Sites made sensitive beyond the built-in list, under the name of why (by the administrator, by the user). */
export type ExtraSensitive = Readonly<Partial<Record<MessageKey, readonly string[]>>>;

/** A site as people list one: a domain (its subdomains included), localhost, or an IPv4 address. */
export const SITE_PATTERN = /^(?=.{1,253}$)(localhost|(\d{1,3}\.){3}\d{1,3}|([a-z0-9-]+\.)+[a-z]{2,63})$/;

export interface SiteMatch {
  /** Why the site is sensitive, in words: its category, or who listed it. */
  category: Words;
  domain: string;
}

/** The host of a URL, lower-cased and without a trailing dot; undefined when there is none. */
export function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).hostname.toLowerCase().replace(/\.$/, '') || undefined : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `host` is `domain` or one of its subdomains ("online.chase.com" is chase.com): for lists that permit. */
export function hostMatches(host: string, domain: string): boolean {
  const d = domain.toLowerCase();
  return host === d || host.endsWith(`.${d}`);
}

/**
 * For lists that warn or block, which err wide: a name without a dot ("bnpparibas") covers every
 * host with that label (bnpparibas.fr, mabanque.bnpparibas). A list that permits never reads it so.
 */
export function hostListed(host: string, domain: string): boolean {
  const d = domain.toLowerCase();
  return d.includes('.') ? hostMatches(host, d) : host.split('.').includes(d);
}

export function sensitiveSite(url: string | undefined, extra: ExtraSensitive = {}): SiteMatch | undefined {
  const host = hostOf(url);
  if (!host) return undefined;
  const lists: Array<[MessageKey, readonly string[] | undefined]> = [
    ...Object.entries(SENSITIVE_SITES).map(([category, domains]): [MessageKey, readonly string[]] => [CATEGORY_NAMES[category as keyof typeof SENSITIVE_SITES], domains]),
    // The extra lists' keys are message keys (ExtraSensitive); Object.entries only knows them as strings.
    ...Object.entries(extra).map(([key, domains]): [MessageKey, readonly string[] | undefined] => [key as MessageKey, domains]),
  ];
  for (const [category, domains = []] of lists) {
    const domain = domains.find((candidate) => hostListed(host, candidate));
    if (domain) return { category: words(category), domain };
  }
  return undefined;
}

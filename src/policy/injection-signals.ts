/**
 * The signals of text that tries to steer an assistant, each with a weight. One signal rarely
 * decides: pages mention "admin mode", "system prompt" or "forward this mail" all the time. What
 * marks an injection is the combination: words addressed to the AI, a switch of role or context,
 * and an action with consequences (send, buy, hand over a password), often urgent or secret.
 */

export type SignalKind =
  | 'override'
  | 'marker'
  | 'addressed'
  | 'mode'
  | 'roleplay'
  | 'secrecy'
  | 'urgency'
  | 'gather'
  | 'exfiltration'
  | 'sensitive'
  | 'action'
  | 'tool'
  | 'decode';

export interface Signal {
  kind: SignalKind;
  weight: number;
  pattern: RegExp;
  /** A cheap test the text must pass before the pattern is tried: the patterns that name the AI are slow to scan. */
  requires?: RegExp;
}

/** Any word that can name the AI; a text without one cannot be addressed to it. */
export const NAMES_AI = /\b(?:ai|a\.i|ki|ia|llms?|models?|assist\w*|agent\w*|bots?|claude|gpt|chatgpt|gemini|copilot|asistente)\b/i;

/** Who an injection talks to, in the languages the patterns cover. */
const AI_NAME = String.raw`(?:ai|a\.i\.|ki|ia|llm|llms|language models?|models?|assistants?|agents?|bots?|claude|gpt|chatgpt|gemini|copilot|assistente|assistent|assistenten|asistente|ki-assistent|ki-agent(?:en)?|ai-assistent|agentes de ia|agents ia|agenti ia)`;
/** A name, optionally after a word that makes it an AI ("AI agents", "browsing assistant", "email assistant"). */
const AI = String.raw`(?:(?:ai|a\.i\.|ki|automated|autonomous|browsing|browser|email|mail|language|llm)[ -])?${AI_NAME}`;
/** What the user or the system told the assistant before. */
const EARLIER = String.raw`(?:previous|prior|above|earlier|preceding|all|your|any|the user'?s?|original|initial|existing|current)`;
const RULES = String.raw`(?:instructions?|prompts?|rules|directions|directives|guidance|guidelines|orders|commands?)`;
const G = (words: number) => String.raw`(?:\W+\w+){0,${words}}?\W+`;

const EN: Signal[] = [
  { kind: 'override', weight: 4, pattern: new RegExp(String.raw`\b(?:ignore|disregard|forget|discard|override|overrule|skip|bypass)\b${G(3)}${EARLIER}${G(3)}${RULES}\b`, 'i') },
  { kind: 'override', weight: 4, pattern: new RegExp(String.raw`\b(?:stop following|do not follow|don'?t follow|do not do what|don'?t do what|never mind|instead of)\b${G(2)}(?:the user|your|the task|what the user|the summary|the request)`, 'i') },
  { kind: 'override', weight: 4, pattern: new RegExp(String.raw`\b${EARLIER}${G(2)}${RULES}\s+(?:are|is|were|was)\s+(?:no longer|now|a test|void|outdated|cancel+ed|obsolete|invalid|not valid)`, 'i') },
  { kind: 'override', weight: 4, pattern: /\byour\s+(?:real|new|true|actual|only|updated|next|first)\s+(?:instructions?|task|objective|goal|job|mission|purpose)\b/i },
  { kind: 'override', weight: 4, pattern: /\b(?:all )?(?:earlier|previous|prior) (?:rules|limitations|restrictions) (?:are|no longer)\b|\b(?:your|the) task has (?:been )?(?:changed|updated)\b|\bthe task has changed\b/i },
  { kind: 'override', weight: 4, pattern: /\b(?:ignore|disregard|forget|discard)\b(?:\W+\w+){0,2}?\W+(?:the |your )?user(?:'?s)?(?: (?:request|task|instructions?|prompt|question))?\b|\b(?:ignore|disregard|bypass)\b(?:\W+\w+){0,2}?\W+(?:safety|content|security) (?:rules|policy|policies|guidelines|checks)\b/i },
  { kind: 'override', weight: 4, pattern: new RegExp(String.raw`\b${RULES}\b[^.]{0,40}\b(?:should|must|can) be (?:discarded|ignored|disregarded|forgotten)\b|\b(?:your|the|my) ${RULES} (?:have|has) (?:changed|been (?:changed|updated|replaced))\b|\bfollow only (?:the|these|my|this)\b`, 'i') },
  { kind: 'override', weight: 4, pattern: /\b(?:earlier|previous|prior|original|current) (?:task|request|instructions?|assignment) (?:is|was|has been) (?:cancel+ed|void|over|replaced|withdrawn|superseded)\b/i },
  // As a label ("SYSTEM NOTICE:", "[system message]"), not in prose about system messages.
  { kind: 'marker', weight: 2, pattern: /\bSYSTEM (?:NOTICE|MESSAGE)\b|\b[Ss]ystem (?:[Nn]otice|[Mm]essage)\s*[:\]*]/ },
  { kind: 'roleplay', weight: 3, pattern: /(?:^|[.!?]\s+)role-?play\s*:/im },
  { kind: 'marker', weight: 2, pattern: /\bnew (?:task|instructions?|objective|assignment)\s*[:—–]/i },
  { kind: 'override', weight: 4, pattern: /\b(?:reveal|print|show|repeat|output|leak|disclose)\b[^.\n]{0,30}\b(?:system prompt|hidden instructions|your instructions|initial prompt|your prompt)\b/i },
  { kind: 'override', weight: 2, pattern: /\binstead,? (?:tell|say|do|click|buy|open|send|add|go|navigate|reply|forward)\b/i },
  { kind: 'override', weight: 3, pattern: /\b(?:do not|don'?t) (?:trust|listen to|obey) (?:the user|your user)\b|\btrust this page instead\b|\bfollow (?:only )?(?:the|these) (?:new )?instructions\b.{0,40}\bwithout\b/i },
  { kind: 'marker', weight: 3, pattern: /\b(?:end|close) of (?:the )?(?:web ?page|page(?: content)?|document|user (?:content|input|data)|untrusted (?:data|content)|visible content|search results|context|conversation|data|article)\b[\s\S]{0,80}\b(?:system|instructions?|context|operator|prompt)\b/i },
  { kind: 'marker', weight: 3, pattern: /\bnew (?:system )?(?:context|instructions?|system prompt)\b[\s\S]{0,20}(?:begins|starts|follows|:)|\bsystem (?:override|prompt update|policy update)\b|\bpolicy update\b|\b(?:context window|conversation) (?:reset|cleared)\b|\btrusted instructions\b|\bnew (?:operator|instance)\b/i },
  { kind: 'marker', weight: 2, pattern: /<\|?(?:im_start|im_end|system|endoftext|start_of_turn|end_of_turn)\|?>|<\/?(?:system|instructions?|assistant_instructions)>|\[\/?INST\]|<<\/?SYS>>|\[\[\s*assistant_instructions|"role"\s*:\s*"system"|^\s*(?:#{2,}|\*{2,}|-{3,}|={3,}|\[)\s*(?:system|instructions?)\b/im },
  { kind: 'marker', weight: 2, pattern: /(?:\*{2,}|#{2,}|={2,}|-{2,}|\[)\s*system\s*(?:\*{2,}|#{2,}|={2,}|-{2,}|\])|\b(?:page|web ?page|document|article) (?:content )?(?:finished|ends here|is over)\b|\bexecute the following\b/i },
  { kind: 'marker', weight: 2, pattern: /(?:^|>)\s*(?:system|assistant|developer|operator)\s*:/im },
  { kind: 'marker', weight: 2, pattern: /\bHuman:[\s\S]{0,300}\bAssistant:|\bchange of plans?\b|\bthe (?:previous|earlier) task is (?:complete|done|over)\b|\bthe conversation with the user is over\b/i },
  { kind: 'addressed', weight: 3, pattern: new RegExp(String.raw`\b(?:note|message|notice|attention|instructions?|reminder|warning|request|directive|important|step|task)\s*(?:to|for)\s*(?:the\s+|any\s+|all\s+|whatever\s+|every\s+)?(?:\w+\s+){0,2}${AI}\b`, 'i') , requires: NAMES_AI },
  { kind: 'addressed', weight: 3, pattern: new RegExp(String.raw`\bif (?:you are|you're) (?:an?\s+)?(?:\w+\s+)?${AI}\b|\b(?:dear|hey|hello|hi|attention|to the|for the)\s+(?:\w+\s+)?${AI}\b\s*[,:!]|^\s*${AI}\s*[,:]|(?:^|[.!]\s+)${AI}\s*[,:]\s`, 'im') , requires: NAMES_AI },
  { kind: 'addressed', weight: 3, pattern: new RegExp(String.raw`(?:\b(?:the|any|all|every|your)\s+|(?:^|[.!:]\s*))${AI}\s+(?:must|should|shall|is (?:required|instructed|asked|obligated|permitted|expected)|are (?:required|instructed|asked|obligated|permitted|expected)|needs? to|has to|have to|may now|will now|is now|are now)\b|\b${AI}\s+(?:with \w+ access|in \w+ mode|processing|managing|reading|visiting|acting)\b[^.]{0,60}\b(?:must|should|are|is)\b`, 'i') , requires: NAMES_AI },
  { kind: 'addressed', weight: 3, pattern: new RegExp(String.raw`(?:^|[(>\[]|[,.;:!?—–-]\s*)${AI}\s*[,:!]\s|\b${AI} (?:instructions?|task|step)\s*:|\b(?:required|requested|needed) (?:by|from|for) (?:the |all )?${AI}\b|\brequires? (?:all |the |any )?${AI} to\b|\bhave the ${AI}\b|\bif (?:the|an?) ${AI} is \w+ing\b|\bunless the ${AI} \w+s\b|\b(?:step|steps|task|note) for (?:the |all )?${AI}\b`, 'im'), requires: NAMES_AI },
  { kind: 'addressed', weight: 3, pattern: /\b(?:to|for) (?:the )?(?:language model|ai|llm) (?:processing|reading|summari[sz]ing|managing)\b|\byou,? the (?:assistant|agent|ai)\b|\bI need you, the\b|\bas an ai (?:assistant|agent)\b|\b(?:for|to) ai (?:systems|models|agents) only\b/i },
  { kind: 'mode', weight: 2, pattern: /\b(?:developer|dev|admin|administrator|debug|god|sudo|maintenance|test|training|expert|qa|dan|root|unrestricted|jailbreak|override|elevated)\s*(?:mode|access|privileges|override)\b[^.]{0,20}\b(?:enabled|activated|active|on|unlocked|granted|set)\b|\b(?:enter|entering|switch(?:ed)? to|you are (?:now )?in|into)\s+(?:\w+\s+){0,2}(?:developer|admin|debug|god|sudo|maintenance|test|training|expert|qa|dan|root|unrestricted)\s+mode\b|\bswitch\w*\b[^.]{0,25}\b(?:developer|admin|debug|god|sudo|expert|dan|root) (?:mode|override)\b/i },
  { kind: 'mode', weight: 4, pattern: /\byou are now (?:an? )?(?:unrestricted|jailbroken|uncensored|unfiltered|unbound|free from)\b/i },
  { kind: 'mode', weight: 2, pattern: /\b(?:restrictions|limitations|rules|safety rules|guidelines|safeguards)\s+(?:are\s+|have been\s+)?(?:lifted|removed|disabled|no longer apply|do not apply)\b|\bjailbreak(?:ed)? (?:unlocked|enabled|mode)\b|\bunrestricted (?:agent|assistant|ai|mode)\b|\bwithout (?:any )?(?:guidelines|restrictions|rules)\b|\bno restrictions\b|\bdebug flag\b|\boverride token\b|\bsafe-?mode disabled\b|\bdoes not refuse\b/i },
  { kind: 'roleplay', weight: 2, pattern: /\b(?:pretend|imagine|suppose) (?:that )?(?:you are|you're|to be)\b|\b(?:act|respond|speak|behave) as (?:an?|the|my)\b|\bfrom now on,? you are\b|\brole-?play\s*:|\bplay (?:the )?(?:character|role|part) of\b|\bassume the (?:role|persona|identity)\b|\blet'?s (?:pretend|play a game|imagine)\b|\bsimulate (?:a|an|the)\b|\bhypothetically,? (?:if )?you (?:were|are)\b|\byou are now speaking as\b|\bfor this conversation,? you are\b|\bas the (?:console|terminal|administrator|admin|developer)\b|\bpersona\b/i },
  { kind: 'roleplay', weight: 3, pattern: /\b(?:you|You) are (?:now |no longer )?(?:[A-Z][a-z]+[A-Z]\w*|Claude|ChatGPT|DAN|[A-Z][a-z]+,)|\b[Yy]ou are no longer (?:an? )?(?:\w+ )?(?:assistant|AI|Claude|agent)\b/ },
  { kind: 'roleplay', weight: 3, pattern: /\b(?:[Pp]retend|[Ii]magine|[Ff]rom now on|[Aa]ct as|[Pp]lay (?:the|a)|[Ss]imulate|[Aa]ssume the role|[Rr]ole-?play)\b[^.!?]{0,40}\b(?:an? )?(?:[Aa]ssistant|[Aa]gent|AI|[Bb]ot|[A-Z][a-z]+[A-Z]\w*|"[A-Z]\w+")(?:\b|")/ },
  { kind: 'secrecy', weight: 2, pattern: /\bno longer (?:need|require)s? (?:the user'?s? |their )?(?:consent|permission|confirmation|approval)\b/i },
  { kind: 'secrecy', weight: 2, pattern: /\bwithout (?:asking|confirm\w*|checking|telling|informing|bothering|showing|notifying|the user'?s? (?:consent|knowledge|approval|permission))\b|\b(?:do not|don'?t|never) (?:tell|inform|ask|bother|notify|mention (?:this )?to|alert|wake) (?:the |your )?user\b|\b(?:silently|secretly|quietly|covertly)\b|\bskip (?:all |any )?(?:confirmations?|approvals?|prompts)\b|\bbypass (?:the )?(?:approval|confirmation)\w*\b|\bpre-?approved\b|\b(?:has|have) (?:granted|authori[sz]ed|given) (?:you )?(?:full )?(?:permission|access|consent)\b|\bnothing (?:you do )?(?:here )?is (?:recorded|real)\b|\bnot (?:real|recorded), so\b|\bwithout (?:a|any) (?:dialog|prompt|confirmation)\b|\bmust not ask\b|\bno need to (?:ask|confirm|check)\b/i },
  { kind: 'urgency', weight: 1, pattern: /\b(?:urgent|urgently|immediately|right now|asap|within the hour|within \d+ (?:minutes|hours)|final warning|time[- ]sensitive|priority|mandatory|action required|required by|obligated|failure to comply|will be (?:suspended|locked|revoked|escalated|closed|deleted)|before (?:\d|continuing|you continue)|do it now|important)\b/i },
  { kind: 'gather', weight: 1, pattern: /\b(?:compile|gather|collect|export|extract|harvest|search (?:the )?(?:mailbox|inbox)|copy all|read back|pull)\b[^.]{0,60}\b(?:e-?mails?|messages|mailbox|inbox|contacts|calendar|attachments|statements|history|files|correspondence|thread|passwords?|credentials|cookies|token|data|text|results|key|keys)\b/i },
  { kind: 'exfiltration', weight: 1, pattern: /\b(?:send|forward|email|e-mail|upload|post|paste|submit|reply|share|transfer|wire|move|export|navigate|visit|open|go to)\b[^.]{0,80}(?:\b[\w.+-]+@[\w-]+\.[\w.-]+|https?:\/\/|\b[\w-]+\.example\b|\bto (?:the )?(?:account|iban)\b|\bIBAN\b|\b[A-Z]{2}\d{2}(?: ?\d{4}){3,})/i },
  { kind: 'sensitive', weight: 1, pattern: /\b(?:password|passwords|passcode|credentials|cookies?|session token|api keys?|card (?:number|details)|credit card|verification code|one-time (?:pass)?code|2fa|two-factor|backup codes|recovery e-?mail|date of birth|social security|system prompt|login|balance|payroll|salary|iban|account number)\b/i },
  { kind: 'action', weight: 1, pattern: /\b(?:buy|purchase|pay(?:ing)?|submit|append|tell|place (?:the|an|your) order|complete (?:the )?(?:purchase|checkout)|checkout|transfer|wire|download|install|run|delete|approve|accept|grant|subscribe|sign (?:them |the user )?up|log ?in|sign in|disable|turn off|change|reset|confirm|forward|reply|send|upload|click|type|enter|fill|press|book|post|rate|share|rename|move|open|navigate|visit|call|execute|print|paste|copy|add)\b/i },
  { kind: 'tool', weight: 3, pattern: /\b(?:call|use|run|invoke|using|with)\s+(?:the\s+)?(?:navigate|form_input|left_click|right_click|double_click|javascript_exec|get_page_text|read_page|find|tabs|key|type|file_upload|screenshot|computer|scroll_to)(?:\s+tool)?\b(?=[^.]{0,80}\b(?:url|with|to|on|and|set|the)\b)|\buse the \w+ tool\b/i },
  { kind: 'decode', weight: 2, pattern: /\b(?:decode|base64-decode|rot-?13)\b[^.]{0,40}\b(?:follow|obey|execute|run|do)\b|\b(?:instructions|task) (?:are|is) encoded\b|\bencoded (?:task|instructions?|payload)\b|\bpayload for (?:agents|the assistant|ai)\b/i },
];

/** The same signals in German, French, Spanish, Italian, Portuguese and Dutch. */
const OTHER_LANGUAGES: Signal[] = [
  { kind: 'override', weight: 4, pattern: /\b(?:ignorier(?:e|en)?|vergiss|vergessen sie|missachte)\b[^.]{0,40}\b(?:anweisungen|vorgaben|befehle|aufgabe|anfrage)\b|\b(?:ignorez|oubliez|ignore|oublie|ne tenez pas compte)\b[^.]{0,40}\b(?:instructions|consignes|demande|règles)\b|\b(?:ignora|olvida|no hagas caso)\b[^.]{0,40}\b(?:instrucciones|indicaciones|pidió|petición|órdenes|istruzioni)\b|\b(?:ignore|esqueça)\b[^.]{0,40}\binstruções\b|\bnegeer\b[^.]{0,40}\binstructies\b/i },
  { kind: 'marker', weight: 3, pattern: /\bende der (?:webseite|seite)\b|\bneuer systemkontext\b|\bfin de (?:la )?page\b|\bnouveau contexte système\b|\bfin de la página(?: web)?\b|\bnuevo contexto del sistema\b/i },
  { kind: 'addressed', weight: 3, pattern: /\b(?:hinweis|nachricht|anweisung|anweisungen|wichtige anweisung)\s+(?:an|für)\s+(?:den |die |das )?(?:ki|ki-\w+|assistenten|agenten)\b|\b(?:an die|liebe|lieber) (?:ki|assistent)\b|\bnote (?:à|pour) l['’]assistant\b|(?:^|\s)à l['’]attention de l['’](?:ia|assistant)\b|\bcher assistant\b|\binstructions pour les agents\b|\bnota (?:para|per) (?:el |o |l['’])?(?:asistente|assistente)\b|\bpara la ia\b|\bquerido asistente\b|\binstrucciones para (?:los )?agentes\b|\bbericht voor de ai\b/i },
  { kind: 'addressed', weight: 3, pattern: /\b(?:der|den) (?:ki-)?(?:assistent|agent)(?:en)? (?:muss|soll|darf)\b|\bl['’](?:assistant|agent|ia) doit\b|\bel (?:asistente|agente) debe\b|\bl['’]assistente deve\b|\bo assistente deve\b/i },
  { kind: 'mode', weight: 2, pattern: /\b(?:entwicklermodus|admin-modus|administratormodus aktiviert|mode développeur|modo desarrollador|modalità sviluppatore|modo desenvolvedor)\b/i },
  { kind: 'mode', weight: 2, pattern: /\b(?:ohne regeln|sans restrictions|sin reglas|sin restricciones|senza regole|sem restrições)\b/i },
  { kind: 'roleplay', weight: 3, pattern: /\bstell dir vor,? du bist\b|\btu so,? als wärst du\b|\bfaites semblant\b|\bfais semblant\b|\bfinge que eres\b|\bfai finta\b|\bfinja que\b|\bdoe alsof\b/i },
  { kind: 'secrecy', weight: 2, pattern: /\bohne (?:rückfrage|nachfrage|bestätigung)\b|\bsans (?:demander|confirmation|le dire)\b|\bsin (?:pedir|preguntar|confirmación)\b|\bsenza chiedere\b|\bsem pedir\b/i },
  { kind: 'urgency', weight: 1, pattern: /\b(?:dringend|umgehend|sofort|sonst wird|urgent|immédiatement|urgente|inmediato|de inmediato|subito|agora)\b/i },
  { kind: 'exfiltration', weight: 1, pattern: /\b(?:leite|sende|schicke|überweise|transférez|envoyez|envoie|reenvía|envía|inoltra|envie|stuur)\b[^.]{0,80}(?:@|https?:\/\/|\.example\b|konto|\bDE\d{2})/i },
  { kind: 'sensitive', weight: 1, pattern: /\b(?:passwort|kennwort|bestätigungscode|mot de passe|code de vérification|contraseña|código de verificación|wachtwoord|wachtwoorden|senha)\b/i },
  { kind: 'action', weight: 1, pattern: /\b(?:bezahl\w*|kauf\w*|lösch\w*|überweise|absenden|gib|öffne|achetez|achetiez|supprimez|cliquez|ouvrez|compra|compres|borra|haz clic|abre|acquista|confirme|envía|envie|stuur|sende|leite|transférez|envoyez)\b/i },
];

/** The top-level alternatives of a pattern: V8 scans a few short patterns much faster than one long alternation. */
function alternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

export const SIGNALS: ReadonlyArray<Signal> = [...EN, ...OTHER_LANGUAGES].flatMap((signal) =>
  alternatives(signal.pattern.source).map((source) => ({ ...signal, pattern: new RegExp(source, signal.pattern.flags) })),
);

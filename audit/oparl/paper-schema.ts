// JSON Schema (draft-07) of an OParl 1.1 Paper with embedded File and Consultation objects, as the
// OParl 1.1 specification defines them (see README.md beside this file for source and licence).
// `url` is OParl's name for an absolute URL; the test registers it as a format.
const url = { type: 'string', format: 'url' } as const;
const urls = { type: 'array', items: url } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;

/** Properties every OParl 1.1 object may carry. */
const common = {
  id: url,
  license: { type: 'string' },
  keyword: strings,
  created: dateTime,
  modified: dateTime,
  web: url,
  deleted: { type: 'boolean' },
} as const;

export const OPARL_FILE_SCHEMA = {
  $id: 'https://schema.oparl.org/1.1/File',
  type: 'object',
  required: ['id', 'type', 'accessUrl'],
  properties: {
    ...common,
    type: { type: 'string', const: 'https://schema.oparl.org/1.1/File' },
    name: { type: 'string' },
    fileName: { type: 'string' },
    mimeType: { type: 'string' },
    date: { type: 'string', format: 'date' },
    size: { type: 'integer' },
    sha1Checksum: { type: 'string' },
    sha512Checksum: { type: 'string' },
    text: { type: 'string' },
    accessUrl: url,
    downloadUrl: url,
    externalServiceUrl: url,
    masterFile: url,
    derivativeFile: urls,
    fileLicense: url,
    meeting: urls,
    agendaItem: urls,
    person: url,
    paper: urls,
  },
} as const;

export const OPARL_CONSULTATION_SCHEMA = {
  $id: 'https://schema.oparl.org/1.1/Consultation',
  type: 'object',
  required: ['id', 'type'],
  properties: {
    ...common,
    type: { type: 'string', const: 'https://schema.oparl.org/1.1/Consultation' },
    paper: url,
    agendaItem: url,
    meeting: url,
    organization: urls,
    authoritative: { type: 'boolean' },
    role: { type: 'string' },
  },
} as const;

export const OPARL_PAPER_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://schema.oparl.org/1.1/Paper',
  type: 'object',
  required: ['id', 'type'],
  properties: {
    ...common,
    type: { type: 'string', const: 'https://schema.oparl.org/1.1/Paper' },
    body: url,
    name: { type: 'string' },
    reference: { type: 'string' },
    date: { type: 'string', format: 'date' },
    paperType: { type: 'string' },
    relatedPaper: urls,
    superordinatedPaper: urls,
    subordinatedPaper: urls,
    mainFile: { $ref: 'https://schema.oparl.org/1.1/File' },
    auxiliaryFile: { type: 'array', items: { $ref: 'https://schema.oparl.org/1.1/File' } },
    location: { type: 'array', items: { type: 'object' } },
    originatorPerson: urls,
    underDirectionOf: urls,
    originatorOrganization: urls,
    consultation: {
      type: 'array',
      items: { $ref: 'https://schema.oparl.org/1.1/Consultation' },
    },
  },
} as const;

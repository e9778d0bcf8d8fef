/**
 * The Terraform functions that read files and the notes values keep of the text they came from
 * (`TfText`): `file`, `templatefile`, `fileexists` through the scan's file access (relative to the
 * root module, inside the scan roots, within the size limit), `jsonencode` keeping the value it
 * encodes where parts are unknown, `jsondecode` and `yamldecode`. The rest of the evaluator keeps
 * its results: `jsonencode` gives the same string as before.
 */
import { execFileSync } from 'node:child_process'
import { symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { TfText, TfValue } from '../src/frontends/terraform/ir.js'
import { expand, folderWith, plain, removeFolders, resource } from './terraform-support.js'

afterAll(removeFolders)

async function probe(files: Record<string, string>, expr: string): Promise<{ value: TfValue; notices: string[]; dir: string }> {
  const dir = folderWith({ ...files, 'main.tf': `${files['main.tf'] ?? ''}\nresource "test_thing" "probe" {\n  value = ${expr}\n}\n` })
  const expansion = await expand(dir)
  return { value: resource(expansion, 'test_thing.probe').body.fields.get('value')!, notices: expansion.notices, dir }
}

/** A text note with the file relative to `dir`, and the encoded value as plain data. */
function note(text: TfText | undefined, dir: string): unknown {
  if (!text) return undefined
  switch (text.kind) {
    case 'encoded':
      return { kind: 'encoded', value: plain(text.value), file: path.relative(dir, text.file) }
    case 'file':
      return { kind: 'file', file: path.relative(dir, text.file), text: text.text }
    case 'template':
      return { kind: 'template', file: path.relative(dir, text.file), vars: plain(text.vars) }
    case 'decoded':
      return { kind: 'decoded', format: text.format, from: note(text.from, dir) }
  }
}

describe('file()', () => {
  it('reads a file relative to the root module, through path.module in a called module too', async () => {
    const { value, dir } = await probe(
      {
        'openapi.yaml': 'openapi: 3.0.1\n',
        'modules/api/spec.json': '{"a": 1}',
        'main.tf': 'module "api" {\n  source = "./modules/api"\n}\n',
        'modules/api/main.tf': 'output "spec" {\n  value = file("${path.module}/spec.json")\n}\n',
      },
      '[file("${path.module}/openapi.yaml"), file("openapi.yaml"), module.api.spec]',
    )
    expect(plain(value)).toEqual(['openapi: 3.0.1\n', 'openapi: 3.0.1\n', '{"a": 1}'])
    const items = (value as Extract<TfValue, { kind: 'list' }>).items
    expect(note(items[0]!.text, dir)).toEqual({ kind: 'file', file: 'openapi.yaml', text: 'openapi: 3.0.1\n' })
    expect(note(items[2]!.text, dir)).toEqual({ kind: 'file', file: path.join('modules', 'api', 'spec.json'), text: '{"a": 1}' })
  })

  it('is an error for a missing file (as in Terraform), so try() moves on; Terraform reports it, so no notice does', async () => {
    const { value, notices } = await probe({}, '[file("missing.yaml"), try(file("missing.yaml"), "fallback")]')
    expect(plain(value)).toEqual([{ error: 'the file "missing.yaml" does not exist' }, 'fallback'])
    expect(notices).toEqual([])
  })

  it('does not read a file outside the scan roots, through .. or a symbolic link', async () => {
    const outside = folderWith({ 'secret.yaml': 'top: secret\n' })
    const dir = folderWith({})
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'link.yaml'))
    const relative = path.relative(dir, path.join(outside, 'secret.yaml'))
    writeFileSync(path.join(dir, 'main.tf'), `resource "test_thing" "probe" {\n  value = [file(${JSON.stringify(relative)}), file("link.yaml")]\n}\n`)
    const expansion = await expand(dir)
    expect(plain(resource(expansion, 'test_thing.probe').body.fields.get('value'))).toEqual([
      { unknown: `the file ${JSON.stringify(relative)} is outside the folders being scanned, so it is not read`, refs: [] },
      { unknown: 'the file "link.yaml" is outside the folders being scanned, so it is not read', refs: [] },
    ])
    expect(expansion.notices).toHaveLength(2)
  })

  it('does not read a pipe', async () => {
    const dir = folderWith({ 'main.tf': 'resource "test_thing" "probe" {\n  value = file("pipe.yaml")\n}\n' })
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')])
    const read = plain(resource(await expand(dir), 'test_thing.probe').body.fields.get('value'))
    expect(read).toEqual({ unknown: '"pipe.yaml" is not a regular file, so it is not read', refs: [] })
  })

  it('is unknown for a path known only after apply, keeping its references', async () => {
    const { value } = await probe({}, 'file(aws_s3_object.spec.key)')
    expect(plain(value)).toEqual({ unknown: 'aws_s3_object.spec.key is known only after apply', refs: ['aws_s3_object.spec.key'] })
  })
})

describe('templatefile()', () => {
  const spec = 'uri: ${fn_arn}\nregion: "${region}"\nliteral: $${kept}\n'

  it('renders a template whose interpolations are known variables', async () => {
    const { value, dir } = await probe({ 'api.yaml': spec }, 'templatefile("${path.module}/api.yaml", { fn_arn = "arn:fn", region = "eu-west-1" })')
    expect(plain(value)).toBe('uri: arn:fn\nregion: "eu-west-1"\nliteral: ${kept}\n')
    expect(note(value.text, dir)).toEqual({ kind: 'template', file: 'api.yaml', vars: { fn_arn: 'arn:fn', region: 'eu-west-1' } })
  })

  it('is unknown with the references when a variable is known only after apply, and keeps the note', async () => {
    const { value, dir } = await probe({ 'api.yaml': spec }, 'templatefile("api.yaml", { fn_arn = aws_lambda_function.f.invoke_arn, region = "eu-west-1" })')
    expect(plain(value)).toEqual({ unknown: 'aws_lambda_function.f.invoke_arn is known only after apply', refs: ['aws_lambda_function.f.invoke_arn'] })
    expect(note(value.text, dir)).toMatchObject({ kind: 'template', file: 'api.yaml' })
  })

  it('leaves directives and expressions unknown, and a variable the map lacks is an error', async () => {
    const { value } = await probe(
      { 'loop.yaml': '%{ for p in paths }${p}%{ endfor }\n', 'call.yaml': '${upper(x)}\n', 'plain.yaml': '${missing}\n' },
      '[templatefile("loop.yaml", { paths = ["a"] }), templatefile("call.yaml", { x = "a" }), templatefile("plain.yaml", {})]',
    )
    expect(plain(value)).toEqual([
      { unknown: 'templatefile: the directive %{ for p in paths } is not evaluated by iac-lint', refs: [] },
      { unknown: 'templatefile: the expression ${upper(x)} is not evaluated by iac-lint', refs: [] },
      { error: 'templatefile: the variables have no "missing"' },
    ])
  })
})

describe('hostile and unknown inputs', () => {
  it('a folder is no file, an unclosed interpolation is an error, a variables map known only after apply leaves the template unknown', async () => {
    const { value, dir } = await probe(
      { 'folder/x.yaml': '', 'open.yaml': 'a: ${x\n', 'api.yaml': 'uri: ${fn}\n', 'main.tf': 'variable "vars" {}\n' },
      '[file("folder"), templatefile("open.yaml", { x = 1 }), templatefile("api.yaml", var.vars)]',
    )
    const [folder, open, vars] = (value as Extract<TfValue, { kind: 'list' }>).items
    expect(plain(folder)).toEqual({ unknown: '"folder" is not a regular file, so it is not read', refs: [] })
    expect(plain(open)).toEqual({ error: 'templatefile: an interpolation or directive is not closed' })
    expect(plain(vars)).toEqual({ unknown: 'variable vars has no default and no value in a variable file or --var', refs: [] })
    expect(note(vars!.text, dir)).toMatchObject({ kind: 'template', file: 'api.yaml', vars: { unknown: expect.any(String) } })
  })
})

describe('fileexists()', () => {
  it('tells a file from a missing one, and cannot tell outside the scan roots', async () => {
    const outside = folderWith({ 'x.yaml': '' })
    const dir = folderWith({ 'here.yaml': 'a: 1\n' })
    const relative = path.relative(dir, path.join(outside, 'x.yaml'))
    writeFileSync(path.join(dir, 'main.tf'), `resource "test_thing" "probe" {\n  value = [fileexists("here.yaml"), fileexists("nope.yaml"), fileexists(${JSON.stringify(relative)})]\n}\n`)
    expect(plain(resource(await expand(dir), 'test_thing.probe').body.fields.get('value'))).toEqual([
      true,
      false,
      { unknown: `the file ${JSON.stringify(relative)} is outside the folders being scanned, so it is not read`, refs: [] },
    ])
  })
})

describe('jsonencode() keeps the value it encodes', () => {
  it('gives the same string as before for a known value, noting the value', async () => {
    const { value, dir } = await probe({}, 'jsonencode({ b = 1, a = ["x"] })')
    expect(plain(value)).toBe('{"a":["x"],"b":1}')
    expect(note(value.text, dir)).toEqual({ kind: 'encoded', value: { a: ['x'], b: 1 }, file: 'main.tf' })
  })

  it('is unknown when a part is, and the note keeps the structure and the references', async () => {
    const { value, dir } = await probe({}, 'jsonencode({ uri = aws_lambda_function.f.invoke_arn, type = "aws_proxy" })')
    expect(plain(value)).toEqual({ unknown: 'JSON of values known only after apply', refs: ['aws_lambda_function.f.invoke_arn'] })
    expect(note(value.text, dir)).toEqual({
      kind: 'encoded',
      value: { type: 'aws_proxy', uri: { unknown: 'aws_lambda_function.f.invoke_arn is known only after apply', refs: ['aws_lambda_function.f.invoke_arn'] } },
      file: 'main.tf',
    })
  })

  it('notes the file of a local the resource reads', async () => {
    const dir = folderWith({
      'locals.tf': 'locals {\n  spec = jsonencode({ openapi = "3.0.1" })\n}\n',
      'main.tf': 'resource "test_thing" "probe" {\n  value = local.spec\n}\n',
    })
    const value = resource(await expand(dir), 'test_thing.probe').body.fields.get('value')!
    expect(note(value.text, dir)).toEqual({ kind: 'encoded', value: { openapi: '3.0.1' }, file: 'locals.tf' })
  })
})

describe('jsondecode() and yamldecode()', () => {
  it('read the data of a string, noting the file it came from', async () => {
    const { value, dir } = await probe({ 'spec.yaml': 'paths:\n  /a: {}\n' }, 'yamldecode(file("spec.yaml"))')
    expect(plain(value)).toEqual({ paths: { '/a': {} } })
    expect(note(value.text, dir)).toEqual({ kind: 'decoded', format: 'yaml', from: { kind: 'file', file: 'spec.yaml', text: 'paths:\n  /a: {}\n' } })
    const json = await probe({}, 'jsondecode("{\\"a\\": [1, true, null]}")')
    expect(plain(json.value)).toEqual({ a: [1, true, null] })
    expect(json.value.text).toBeUndefined()
  })

  it('is an error for text that does not parse', async () => {
    const { value } = await probe({}, 'jsondecode("{")')
    expect(plain(value)).toMatchObject({ error: expect.stringContaining('jsondecode:') })
  })
})

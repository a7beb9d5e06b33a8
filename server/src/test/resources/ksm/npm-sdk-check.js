// The unmodified npm SDK against a Castellan server (KeeperNpmSdkCompatibilityTest). argv: configPath token host recordUid folderUid
const ksm = require('@keeper-security/secrets-manager-core')
const [configPath, token, host, recordUid, folderUid] = process.argv.slice(2)
const out = {}
const pw = r => (r.data.fields.find(f => f.type === 'password') || {value: []}).value[0]
;(async () => {
  const storage = ksm.localConfigStorage(configPath)
  await ksm.initializeStorage(storage, token, host)
  const options = { storage }
  let secrets = await ksm.getSecrets(options)
  out.bound = secrets.records.length
  let rec = secrets.records.find(r => r.recordUid === recordUid)
  out.password = pw(rec)
  rec.data.fields.find(f => f.type === 'password').value[0] = 'js-new'
  await ksm.updateSecret(options, rec)
  rec = (await ksm.getSecrets(options)).records.find(r => r.recordUid === recordUid)
  out.updated = pw(rec)
  rec.data.fields.find(f => f.type === 'password').value[0] = 'js-rotated'
  await ksm.updateSecret(options, rec, 'rotation')
  out.pending = pw((await ksm.getSecrets(options)).records.find(r => r.recordUid === recordUid))
  await ksm.completeTransaction(options, recordUid, false)
  out.finalized = pw((await ksm.getSecrets(options)).records.find(r => r.recordUid === recordUid))
  let folders = await ksm.getFolders(options)
  out.folders = folders.map(f => f.name)
  const sub = await ksm.createFolder(options, { folderUid: folderUid }, 'JsInner')
  out.sub = sub
  await ksm.getFolders(options) // JS caches a new sub-folder's key only when it lists folders
  await ksm.updateFolder(options, sub, 'JsRenamed')
  folders = await ksm.getFolders(options)
  out.foldersAfter = folders.map(f => f.name).sort()
  const created = await ksm.createSecret2(options, { folderUid: folderUid, subFolderUid: sub },
      { title: 'js made', type: 'login', fields: [{ type: 'login', value: ['svc'] }, { type: 'password', value: ['js-pw'] }] })
  const made = (await ksm.getSecrets(options)).records.find(r => r.recordUid === created)
  out.created = pw(made)
  out.innerFolderUid = made.innerFolderUid === sub
  rec = (await ksm.getSecrets(options)).records.find(r => r.recordUid === recordUid)
  const fileUid = await ksm.uploadFile(options, rec, { name: 'js.txt', title: 'js file', type: 'text/plain', data: Buffer.from('hello from node') })
  rec = (await ksm.getSecrets(options)).records.find(r => r.recordUid === recordUid)
  const file = rec.files.find(f => f.fileUid === fileUid)
  out.download = Buffer.from(await ksm.downloadFile(file)).toString()
  const del = await ksm.deleteSecret(options, [created])
  out.deleted = del.records[0].responseCode
  const delFolder = await ksm.deleteFolder(options, [sub], true)
  out.folderDeleted = delFolder.folders[0].responseCode
  try {
    await ksm.updateSecret(options, { ...made })
  } catch (e) {
    out.refusal = String(e.message || e).slice(0, 200)
  }
  console.log(JSON.stringify(out))
})().catch(e => { console.log(JSON.stringify({ failed: String(e && e.stack || e), out })); process.exit(2) })

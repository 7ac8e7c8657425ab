'use strict'
// node consume-group.js <host:port> <topic> <group> <clientId>
// One kafkajs consumer in <group>, subscribed to <topic> from the beginning, committing after each batch (kafkajs's
// default autoCommit). Prints "joined <memberId> <partition,...>" at every rebalance it goes through, then one
// "record <partition> <offset> <key> <value>" per record. On SIGTERM it disconnects (commits, leaves the group) and
// exits 0; a consumer that crashes exits 1 with the error on stderr.
const { kafka, run } = require('./common')

const [brokers, topic, groupId, clientId] = process.argv.slice(2)

run(async () => {
  const consumer = kafka(brokers, clientId).consumer({ groupId })
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const partitions = (payload.memberAssignment[topic] || []).slice().sort((a, b) => a - b)
    console.log(`joined ${payload.memberId} ${partitions.join(',')}`)
  })
  const crashed = new Promise((resolve, reject) =>
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) reject(payload.error)
    })
  )
  const stopped = new Promise(resolve => process.on('SIGTERM', resolve))

  await consumer.connect()
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true })
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        console.log(`record ${partition} ${message.offset} ${message.key} ${message.value}`)
      },
    })
    await Promise.race([stopped, crashed])
  } finally {
    await consumer.disconnect()
  }
})

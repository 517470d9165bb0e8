package io.liftoff.embedded;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ScratchTests {

    @Test
    void scratch() throws Exception {
        Map<String, Integer> hist = new HashMap<>();
        Thread sampler = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(20);
                    for (Map.Entry<Thread, StackTraceElement[]> en : Thread.getAllStackTraces().entrySet()) {
                        String n = en.getKey().getName();
                        if (!(n.equals("main") || n.startsWith("liftoff-embedded-start"))) continue;
                        StackTraceElement[] st = en.getValue();
                        // find the deepest frame in org.apache.rocketmq or io.netty, plus the broker-level frame
                        String key = null; String top = null;
                        for (StackTraceElement e : st) {
                            String c = e.getClassName();
                            if (top == null && !c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) top = c + "." + e.getMethodName();
                            if (c.startsWith("org.apache.rocketmq") && key == null) key = c + "." + e.getMethodName() + ":" + e.getLineNumber();
                            if (c.equals("org.apache.rocketmq.broker.BrokerController") || c.equals("org.apache.rocketmq.namesrv.NamesrvController")) { key = key + " <- " + c.substring(c.lastIndexOf('.')+1) + "." + e.getMethodName() + ":" + e.getLineNumber(); break; }
                        }
                        if (key == null) continue;
                        hist.merge(n.replace("liftoff-embedded-start-", "") + " " + key + " [" + top + "]", 1, Integer::sum);
                    }
                }
            } catch (InterruptedException e) { }
        });
        sampler.setDaemon(true);
        long t0 = System.nanoTime();
        sampler.start();
        EmbeddedRocketMQ mq = EmbeddedRocketMQ.builder().brokers(2).topic("orders", 4).start();
        sampler.interrupt();
        System.out.println("STARTUP ms " + (System.nanoTime() - t0) / 1_000_000);
        hist.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(40)
                .forEach(e -> System.out.println("PROF " + e.getValue() * 20 + "ms " + e.getKey()));
        long t1 = System.nanoTime();
        mq.stopBroker("broker-b");
        System.out.println("STOP ms " + (System.nanoTime() - t1) / 1_000_000);
        t1 = System.nanoTime();
        mq.startBroker("broker-b");
        System.out.println("START ms " + (System.nanoTime() - t1) / 1_000_000);
        t1 = System.nanoTime();
        mq.close();
        System.out.println("CLOSE ms " + (System.nanoTime() - t1) / 1_000_000);
    }
}

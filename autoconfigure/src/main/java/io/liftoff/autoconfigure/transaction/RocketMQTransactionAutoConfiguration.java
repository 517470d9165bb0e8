package io.liftoff.autoconfigure.transaction;

import io.liftoff.autoconfigure.MessageTemplateCustomizer;
import io.liftoff.spring.LocalTransactionRunner;
import io.liftoff.spring.MessageTemplate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the local transaction of
 * {@link MessageTemplate#sendInTransaction(String, Object, Runnable)} in the
 * application's database transaction when it has one {@link PlatformTransactionManager}:
 * the message is committed when the database transaction commits, and rolled back when it
 * rolls back. Active when spring-tx is on the classpath and a single transaction manager
 * is defined.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration" })
@ConditionalOnClass({ PlatformTransactionManager.class, MessageTemplate.class })
@ConditionalOnSingleCandidate(PlatformTransactionManager.class)
public final class RocketMQTransactionAutoConfiguration {

    RocketMQTransactionAutoConfiguration() {
    }

    @Bean
    MessageTemplateCustomizer rocketMQLocalTransactionRunner(PlatformTransactionManager transactionManager) {
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        LocalTransactionRunner runner = (work) -> transactions.executeWithoutResult((status) -> work.run());
        return (template) -> template.setLocalTransactionRunner(runner);
    }

}
